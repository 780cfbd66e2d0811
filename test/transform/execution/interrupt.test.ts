import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeAdapter } from '../../../src/compute/index.js';
import { engines, query, relations } from './engines.js';
import type { OpenEngine } from './engines.js';
import { fixture } from './run-fixture.js';

/** A query that keeps an engine busy for a long while unless cancelled. */
function slowSql(engine: string): string {
  return engine === 'postgres'
    ? 'select 1 as x from pg_sleep(120)'
    : 'select sum(a.range * b.range) as x from range(1000000) a, range(1000000) b';
}

describe.each(engines)('interrupting a run on $name', (engine) => {
  let open: OpenEngine;
  let adapter: ComputeAdapter;
  beforeAll(async () => {
    open = await engine.open();
    adapter = open.adapter;
  });
  afterAll(async () => {
    await open?.close();
  });

  it('cancels the running statement, skips what has not started, keeps the previous table and leaves no temporary relation', async () => {
    const first = fixture(adapter, [{ name: 'slow', config: { materialized: 'table' }, sql: 'select 1 as x' }]);
    expect((await first.run()).success).toBe(true);

    const project = fixture(adapter, [
      { name: 'slow', config: { materialized: 'table' }, sql: slowSql(engine.name) },
      { name: 'after_slow', config: { materialized: 'table' }, sql: "select * from {{ ref('slow') }}", after: ['slow'] },
      { name: 'later', config: { materialized: 'table' }, sql: 'select 2 as y', after: ['after_slow'] },
    ]);
    const controller = new AbortController();
    const outcome = await project.run({
      signal: controller.signal,
      listener: {
        onNodeStart: (node) => {
          // Whether the abort lands before or during the slow statement, the outcome is the same.
          if (node.name === 'slow') setTimeout(() => controller.abort(), 300);
        },
      },
    });
    expect(outcome.interrupted).toBe(true);
    expect(outcome.success).toBe(false);
    const slow = outcome.results.find((r) => r.uniqueId === project.id('slow'));
    expect(slow?.status).toBe('error');
    expect(['FLOE_COMPUTE_CANCELLED', 'FLOE_INTERRUPTED']).toContain(slow?.error?.code);
    expect(outcome.results.filter((r) => r.status === 'skipped').map((r) => r.uniqueId).sort()).toEqual([project.id('after_slow'), project.id('later')].sort());
    expect(await query(adapter, `select x from ${adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'slow' })}`)).toEqual([{ x: 1 }]);
    expect((await relations(adapter)).map((r) => r.identifier).filter((name) => /__dbt_(tmp|backup)$/.test(name))).toEqual([]);
  });
});
