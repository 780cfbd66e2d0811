import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FloeError } from '../../../src/errors/index.js';
import { buildRunResultsJson, writeRunResultsJson } from '../../../src/transform/artifacts/run-results-json.js';
import { sqlArtifactPath } from '../../../src/transform/artifacts/compiled-sql.js';
import type { NodeResult } from '../../../src/transform/types.js';
import { node } from './hand-built-project.js';

const orders = node({ name: 'orders', config: { materialized: 'table' } });
const test = node({ name: 'not_null_orders_id', type: 'test', config: { error_if: '> 1' }, test: { name: 'not_null', kwargs: { column_name: 'id' } } });
const report = node({ name: 'report' });
const nodes = new Map([orders, test, report].map((n) => [n.uniqueId, n]));
const dialect = { renderRelation: (r: { schema: string; identifier: string }) => `"${r.schema}"."${r.identifier}"` };

const base = { executionTime: 0.5, startedAt: '2026-01-01T00:00:00.000Z', completedAt: '2026-01-01T00:00:00.500Z', adapterResponse: {} };
const results: NodeResult[] = [
  { ...base, uniqueId: orders.uniqueId, status: 'success', message: 'CREATE TABLE (3 rows)', rowsAffected: 3, compiledSql: 'select 1', adapterResponse: { _message: 'CREATE TABLE 3', code: 'CREATE TABLE', rows_affected: 3 } },
  { ...base, uniqueId: test.uniqueId, status: 'fail', message: 'FAIL 2', failures: 2, compiledSql: 'select id from orders where id is null' },
  { ...base, uniqueId: report.uniqueId, status: 'skipped', message: 'SKIP', skippedBecauseOf: test.uniqueId, executionTime: 0 },
];

describe('run_results.json', () => {
  const json = buildRunResultsJson({
    results, elapsedSeconds: 1.25, invocationId: 'inv-1', nodes, dialect, args: { which: 'build', select: null },
    details: new Map([[orders.uniqueId, { threadId: 'Thread-2', timing: [{ name: 'compile', started_at: 'a', completed_at: 'b' }, { name: 'execute', started_at: 'b', completed_at: 'c' }] }]]),
    generatedAt: new Date('2026-01-01T00:00:01.000Z'),
  });

  it("declares dbt's v6 schema and the invocation", () => {
    expect(json.metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json', invocation_id: 'inv-1', generated_at: '2026-01-01T00:00:01.000Z' });
    expect(json.elapsed_time).toBe(1.25);
    expect(json.args).toEqual({ which: 'build' });
  });

  it('records a model with timing, thread, relation and compiled code', () => {
    expect(json.results[0]).toMatchObject({
      status: 'success', unique_id: orders.uniqueId, thread_id: 'Thread-2', execution_time: 0.5, message: 'CREATE TABLE (3 rows)',
      compiled: true, compiled_code: 'select 1', relation_name: '"main"."orders"', failures: null,
      adapter_response: { rows_affected: 3 },
    });
    expect(json.results[0].timing.map((t) => t.name)).toEqual(['compile', 'execute']);
  });

  it("records a failed test with dbt's message and failure count", () => {
    expect(json.results[1]).toMatchObject({ status: 'fail', failures: 2, message: 'Got 2 results, configured to fail if > 1', relation_name: null });
  });

  it('records a skipped node with no timing and no message', () => {
    expect(json.results[2]).toMatchObject({ status: 'skipped', timing: [], message: null, compiled: false });
  });

  it('records an error with its message', () => {
    const error = new FloeError('FLOE_SQL', 'model orders failed: syntax error');
    const errored = buildRunResultsJson({ results: [{ ...base, uniqueId: orders.uniqueId, status: 'error', message: 'x', error }], elapsedSeconds: 0, invocationId: 'i' });
    expect(errored.results[0].message).toBe('model orders failed: syntax error');
  });

  it('writes the file atomically, leaving no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-run-results-'));
    const path = writeRunResultsJson(dir, { results, elapsedSeconds: 1, invocationId: 'inv-2' });
    expect(JSON.parse(readFileSync(path, 'utf8')).results).toHaveLength(3);
    expect(readdirSync(dir)).toEqual(['run_results.json']);
  });
});

describe('compiled and run SQL paths', () => {
  it('mirror the original file path under the package', () => {
    expect(sqlArtifactPath('/t', 'compiled', orders)).toBe('/t/compiled/demo/models/orders.sql');
  });
  it('put generic tests in a folder named after their YAML file', () => {
    expect(sqlArtifactPath('/t', 'run', test)).toBe('/t/run/demo/models/schema.yml/not_null_orders_id.sql');
  });
});
