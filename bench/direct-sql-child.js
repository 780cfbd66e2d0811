// Baseline for the run benchmarks, in a fresh process: execute the compiled SQL
// that floe produced (target/compiled) straight on DuckDB, in the same order,
// with no framework around it. Prints timings as JSON.
// Usage: node bench/direct-sql-child.js <projectDir> <databaseFile>
// The database file must be named like floe's (<project>.duckdb): compiled SQL names its catalog.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [projectDir, databaseFile] = process.argv.slice(2);
const processStart = performance.now();
const runResults = JSON.parse(readFileSync(join(projectDir, 'target', 'run_results.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(projectDir, 'target', 'manifest.json'), 'utf8'));
const instance = await DuckDBInstance.create(databaseFile);
const connection = await instance.connect();
const started = performance.now();
let statements = 0;
for (const result of runResults.results) {
  const node = manifest.nodes[result.unique_id];
  if (!node) continue;
  const compiled = result.compiled_code;
  const relation = result.relation_name;
  if (node.resource_type === 'seed') {
    const path = join(projectDir, node.original_file_path);
    await connection.run(`create schema if not exists "${node.schema}"`);
    await connection.run(`create or replace table ${relation} as select * from read_csv('${path}', header = true)`);
  } else if (node.resource_type === 'model') {
    await connection.run(`create schema if not exists "${node.schema}"`);
    await connection.run(`create or replace table ${relation} as ${compiled}`);
  } else if (node.resource_type === 'test') {
    await connection.runAndReadAll(`select count(*) from (${compiled}) t`);
  }
  statements += 1;
}
const sqlMs = performance.now() - started;
connection.closeSync();
process.stdout.write(JSON.stringify({ sqlMs, statements, sinceProcessStartMs: performance.now() - processStart }));
