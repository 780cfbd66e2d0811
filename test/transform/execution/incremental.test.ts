import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeAdapter } from '../../../src/compute/index.js';
import type { IncrementalStrategy, NodeConfig } from '../../../src/transform/types.js';
import { engines, query, relations } from './engines.js';
import type { OpenEngine } from './engines.js';
import { fixture } from './run-fixture.js';

/**
 * The model reads `source_rows` (a table the test rewrites between runs) and,
 * when incremental, only rows newer than what it already has, as real
 * incremental models do.
 */
const MODEL = `select id, amount{{ var('extra_columns', '') }} from {{ source_rows }}
{% if is_incremental() %} where id >= (select coalesce(max(id), 0) from {{ this }}) {% endif %}`;

describe.each(engines)('incremental models on $name', (engine) => {
  let open: OpenEngine;
  let adapter: ComputeAdapter;
  beforeAll(async () => {
    open = await engine.open();
    adapter = open.adapter;
  });
  afterAll(async () => {
    await open?.close();
  });

  const rel = (identifier: string) => adapter.dialect.renderRelation({ schema: adapter.schema, identifier });
  const exec = (sql: string) => query(adapter, sql);
  async function setSource(name: string, rows: string): Promise<void> {
    await exec(`drop table if exists ${rel(name)}`);
    await exec(`create table ${rel(name)} as select * from (values ${rows}) as v(id, amount)`);
  }
  function model(name: string, source: string, config: Partial<NodeConfig>, sql = MODEL) {
    return fixture(adapter, [{ name, config: { materialized: 'incremental', ...config }, sql: sql.replace('{{ source_rows }}', rel(source)) }]);
  }
  const rows = async (name: string) => (await exec(`select * from ${rel(name)} order by id, amount`)).map((r) => ({ ...r }));

  const strategies: Array<[IncrementalStrategy, Array<Record<string, unknown>>]> = [
    ['append', [{ id: 1, amount: 10 }, { id: 2, amount: 20 }, { id: 2, amount: 25 }, { id: 3, amount: 30 }]],
    ['merge', [{ id: 1, amount: 10 }, { id: 2, amount: 25 }, { id: 3, amount: 30 }]],
    ['delete+insert', [{ id: 1, amount: 10 }, { id: 2, amount: 25 }, { id: 3, amount: 30 }]],
  ];
  it.each(strategies)('%s: first run builds, second run applies only new rows, full refresh rebuilds', async (strategy, expected) => {
    const name = `inc_${strategy.replace('+', '_')}`;
    const source = `${name}_src`;
    await setSource(source, '(1, 10), (2, 20)');
    const project = model(name, source, { incremental_strategy: strategy, unique_key: strategy === 'append' ? undefined : 'id' });
    const first = await project.run();
    expect(first.results[0]).toMatchObject({ status: 'success', message: 'CREATE TABLE (2 rows)' });

    await setSource(source, '(2, 25), (3, 30)');
    const second = await project.run();
    expect(second.results[0].status).toBe('success');
    expect(second.results[0].message).toBe(`${strategy === 'merge' ? 'MERGE' : 'INSERT'} 2`);
    expect(second.results[0].compiledSql).toContain('where id >=');
    expect(await rows(name)).toEqual(expected);

    const refreshed = await project.run({ fullRefresh: true });
    expect(refreshed.results[0].message).toBe('CREATE TABLE (2 rows)');
    expect(refreshed.results[0].compiledSql).not.toContain('where id >=');
    expect(await rows(name)).toEqual([{ id: 2, amount: 25 }, { id: 3, amount: 30 }]);
    expect((await relations(adapter)).map((r) => r.identifier).filter((id) => id.endsWith('__dbt_tmp'))).toEqual([]);
  });

  it('accepts a list unique_key', async () => {
    await setSource('inc_multi_src', '(1, 10), (2, 20)');
    const project = model('inc_multi', 'inc_multi_src', { incremental_strategy: 'delete+insert', unique_key: ['id', 'amount'] }, `select id, amount from {{ source_rows }}`);
    await project.run();
    await setSource('inc_multi_src', '(2, 20), (2, 21)');
    expect((await project.run()).success).toBe(true);
    expect(await rows('inc_multi')).toEqual([{ id: 1, amount: 10 }, { id: 2, amount: 20 }, { id: 2, amount: 21 }]);
  });

  it('the full_refresh: false config wins over --full-refresh, as in dbt', async () => {
    await setSource('inc_keep_src', '(1, 10)');
    const project = model('inc_keep', 'inc_keep_src', { full_refresh: false });
    await project.run();
    await setSource('inc_keep_src', '(2, 20)');
    await project.run({ fullRefresh: true });
    expect(await rows('inc_keep')).toEqual([{ id: 1, amount: 10 }, { id: 2, amount: 20 }]);
  });

  describe('on_schema_change', () => {
    async function evolve(name: string, mode: NodeConfig['on_schema_change']) {
      await setSource(`${name}_src`, '(1, 10)');
      const before = fixture(adapter, [{ name, config: { materialized: 'incremental', on_schema_change: mode }, sql: `select id, amount, 'old' as dropped_later from ${rel(`${name}_src`)}` }]);
      expect((await before.run()).success).toBe(true);
      await setSource(`${name}_src`, '(2, 20)');
      const after = fixture(adapter, [{ name, config: { materialized: 'incremental', on_schema_change: mode }, sql: `select id, amount, 'new' as added_now from ${rel(`${name}_src`)} {% if is_incremental() %}where id > 1{% endif %}` }]);
      return after.run();
    }
    const columns = async (name: string) => adapter.withSession(async (s) => (await adapter.getColumns(s, { schema: adapter.schema, identifier: name })).map((c) => c.name));

    it('ignore: keeps the table shape and inserts the shared columns', async () => {
      expect((await evolve('osc_ignore', 'ignore')).success).toBe(true);
      expect(await columns('osc_ignore')).toEqual(['id', 'amount', 'dropped_later']);
      expect(await exec(`select id, dropped_later from ${rel('osc_ignore')} order by id`)).toEqual([{ id: 1, dropped_later: 'old' }, { id: 2, dropped_later: null }]);
    });

    it('fail: errors naming the added and removed columns and leaves the table untouched', async () => {
      const outcome = await evolve('osc_fail', 'fail');
      expect(outcome.results[0].status).toBe('error');
      expect(outcome.results[0].error?.code).toBe('FLOE_SCHEMA_CHANGE');
      expect(outcome.results[0].error?.message).toContain('added_now');
      expect(outcome.results[0].error?.message).toContain('dropped_later');
      expect(await exec(`select id from ${rel('osc_fail')}`)).toEqual([{ id: 1 }]);
      expect((await relations(adapter)).map((r) => r.identifier)).not.toContain('osc_fail__dbt_tmp');
    });

    it('append_new_columns: adds the new column and keeps the removed one', async () => {
      expect((await evolve('osc_append', 'append_new_columns')).success).toBe(true);
      expect(await columns('osc_append')).toEqual(['id', 'amount', 'dropped_later', 'added_now']);
      expect(await exec(`select id, added_now from ${rel('osc_append')} order by id`)).toEqual([{ id: 1, added_now: null }, { id: 2, added_now: 'new' }]);
    });

    it('sync_all_columns: adds the new column and drops the removed one', async () => {
      expect((await evolve('osc_sync', 'sync_all_columns')).success).toBe(true);
      expect(await columns('osc_sync')).toEqual(['id', 'amount', 'added_now']);
      expect(await exec(`select id, added_now from ${rel('osc_sync')} order by id`)).toEqual([{ id: 1, added_now: null }, { id: 2, added_now: 'new' }]);
    });
  });

  it('merge without a unique_key is an actionable error', async () => {
    await setSource('inc_nokey_src', '(1, 10)');
    const project = model('inc_nokey', 'inc_nokey_src', { incremental_strategy: 'merge' });
    await project.run();
    const outcome = await project.run();
    expect(outcome.results[0].error?.code).toBe('FLOE_INCREMENTAL_CONFIG');
  });
});
