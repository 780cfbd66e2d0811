#!/usr/bin/env node
/**
 * `npm run demo`: build the customer-360 example end to end on embedded
 * DuckDB with the real `floe` command (dist/, built by `npm ci`):
 * validate (strict governance) → compile → run --env dev, then show where
 * the results are and a preview of one gold table. Safe to run again: the
 * second run finds the artifacts up to date and merges the incremental model.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const floe = join(root, 'dist', 'cli', 'main.js');
const example = join(root, 'examples', 'customer-360');
const shown = (path) => relative(process.cwd(), path) || '.';

function step(title, args) {
  console.log(`\n▶ ${title}: floe ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [floe, ...args], { cwd: example, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✗ demo stopped: \`floe ${args.join(' ')}\` exited with ${result.status ?? result.signal}`);
    process.exit(result.status || 1);
  }
}

if (!existsSync(floe)) {
  console.log('dist/ is missing: building floe first (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status || 1);
}

console.log(`floe demo: the customer-360 data product in ${shown(example)}`);
step('1/3 validate (schemas, manifest, strict governance)', ['validate']);
step('2/3 compile', ['compile']);
step('3/3 run', ['run', '--env', 'dev']);

const results = [
  ['DuckDB warehouse', join(example, 'warehouse', 'customer_360.duckdb')],
  ['compiled artifacts', join(example, '.floe', 'artifacts.json')],
  ['run results (dbt v6 shape)', join(example, 'target', 'run_results.json')],
  ['run history (SQLite state)', join(example, '.floe', 'state.db')],
  ['lineage events (OpenLineage JSON lines)', join(example, '.floe', 'lineage.jsonl')],
];
console.log('\nWhere the results are:');
for (const [what, path] of results) if (existsSync(path)) console.log(`  ${what.padEnd(40)} ${shown(path)}`);

// A small look at one gold table, read straight from the warehouse file.
const { DuckDBInstance } = await import('@duckdb/node-api');
const instance = await DuckDBInstance.create(results[0][1], { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
try {
  const reader = await connection.runAndReadAll(
    `select segment, health, customers, round(lifetime_value, 2) as lifetime_value, round(average_transactions, 1) as average_transactions
     from gold_segment_summary order by segment, health limit 12`,
  );
  const rows = reader.getRowObjectsJS();
  const total = await connection.runAndReadAll('select count(*) as n from gold_customer_360');
  console.log(`\ngold_customer_360: ${total.getRowObjectsJS()[0].n} customers. gold_segment_summary:`);
  console.table(rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]))));
} finally {
  connection.closeSync();
  instance.closeSync();
}

console.log(`\nNext: node dist/cli/main.js status --project-dir ${shown(example)}   (runs, steps and timings)`);
