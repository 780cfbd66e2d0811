// Baseline for the parse benchmark, in a fresh process: only read every file of
// the project and parse its YAML — the I/O floor any parser pays.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const [projectDir] = process.argv.slice(2);
const started = performance.now();
let files = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else {
      const text = readFileSync(path, 'utf8');
      if (entry.name.endsWith('.yml')) parse(text);
      files += 1;
    }
  }
};
walk(projectDir);
process.stdout.write(JSON.stringify({ ms: performance.now() - started, files, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
