import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** floe's version from package.json (read once), for the lineage producer. */
export function floeVersion(): string {
  if (cached) return cached;
  // src/orchestrator/run/ and dist/orchestrator/run/ are both three levels below package.json.
  const url = new URL('../../../package.json', import.meta.url);
  try {
    cached = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
