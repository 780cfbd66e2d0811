import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeAdapter } from '../../../src/compute/index.js';
import { engines, query, relations } from './engines.js';
import type { OpenEngine } from './engines.js';
import { fixture, statusOf } from './run-fixture.js';

const PEOPLE = 'id,name,country\n1,ann,NL\n2,bob,DE\n3,cid,NL\n';

describe.each(engines)('materializations on $name', (engine) => {
  let open: OpenEngine;
  let adapter: ComputeAdapter;
  beforeAll(async () => {
    open = await engine.open();
    adapter = open.adapter;
  });
  afterAll(async () => {
    await open?.close();
  });

  const leftovers = async () => (await relations(adapter)).map((r) => r.identifier).filter((name) => /__dbt_(tmp|backup)$/.test(name));

  it('builds seeds, views, tables and inlined ephemerals, twice, with the same result', async () => {
    const project = fixture(adapter, [
      { name: 'people', type: 'seed', csv: PEOPLE },
      { name: 'dutch', config: { materialized: 'ephemeral' }, sql: "select * from {{ ref('people') }} where country = 'NL'", after: ['people'] },
      { name: 'dutch_names', config: { materialized: 'table' }, sql: "with named as (select name from {{ ref('dutch') }}) select name from named order by name", after: ['dutch'] },
      { name: 'people_view', config: { materialized: 'view' }, sql: "select id, name from {{ ref('people') }}", after: ['people'] },
    ]);
    for (let round = 0; round < 2; round++) {
      const outcome = await project.run();
      expect(outcome.success).toBe(true);
      expect(outcome.results.map((r) => [r.uniqueId, r.status, r.message]).sort()).toEqual([
        [project.id('dutch_names'), 'success', 'CREATE TABLE (2 rows)'],
        [project.id('people'), 'success', 'INSERT 3'],
        [project.id('people_view'), 'success', 'CREATE VIEW'],
      ].sort());
      expect(await query(adapter, `select name from ${adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'dutch_names' })} order by name`)).toEqual([{ name: 'ann' }, { name: 'cid' }]);
      expect(await query(adapter, `select count(*) as n from ${adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'people_view' })}`)).toEqual([{ n: 3 }]);
    }
    const kinds = Object.fromEntries((await relations(adapter)).map((r) => [r.identifier, r.kind]));
    expect(kinds).toMatchObject({ people: 'table', dutch_names: 'table', people_view: 'view' });
    expect(kinds.dutch).toBeUndefined();
    expect(await leftovers()).toEqual([]);

    const compiled = readFileSync(join(project.targetDir, 'compiled/demo/models/dutch_names.sql'), 'utf8');
    expect(compiled).toMatch(/^with __dbt__cte__dutch as \(\nselect \* from .*"people" where country = 'NL'\n\), named as/);
    expect(readFileSync(join(project.targetDir, 'run/demo/models/dutch_names.sql'), 'utf8')).toContain('dutch_names__dbt_tmp');
    const runResults = JSON.parse(readFileSync(join(project.targetDir, 'run_results.json'), 'utf8'));
    expect(runResults.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/run-results/v6.json');
    expect(runResults.results.map((r: { unique_id: string }) => r.unique_id)).not.toContain(project.id('dutch'));
  });

  it('re-running a seed reloads its rows in place: views on it survive; changed columns or --full-refresh rebuild it', async () => {
    const project = fixture(adapter, [
      { name: 'roster', type: 'seed', csv: PEOPLE },
      { name: 'roster_view', config: { materialized: 'view' }, sql: "select * from {{ ref('roster') }}", after: ['roster'] },
    ]);
    const csvPath = join(project.dir, 'seeds', 'roster.csv');
    const roster = adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'roster' });
    const rosterView = adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'roster_view' });
    expect((await project.run()).success).toBe(true);

    writeFileSync(csvPath, 'id,name,country\n4,dan,BE\n5,eve,NL\n');
    const reloaded = await project.run({ only: ['roster'] });
    expect(reloaded.results.map((r) => [r.status, r.message])).toEqual([['success', 'INSERT 2']]);
    expect(await query(adapter, `select id, name from ${rosterView} order by id`)).toEqual([{ id: 4, name: 'dan' }, { id: 5, name: 'eve' }]);

    // A new column: the table is rebuilt with it (the view, reading `*` as of its creation, is rebuilt by a full run).
    writeFileSync(csvPath, 'id,name,country,age\n6,fay,FR,30\n');
    expect((await project.run({ only: ['roster'] })).success).toBe(true);
    expect(await query(adapter, `select id, age from ${roster}`)).toEqual([{ id: 6, age: 30 }]);
    expect((await project.run()).success).toBe(true);

    expect((await project.run({ only: ['roster'], fullRefresh: true })).success).toBe(true);
    expect(await query(adapter, `select id, age from ${roster}`)).toEqual([{ id: 6, age: 30 }]);
    expect(await leftovers()).toEqual([]);
  });

  it('a seed reload that fails keeps the previous rows and leaves no temporary table', async () => {
    const project = fixture(adapter, [{ name: 'steady', type: 'seed', csv: PEOPLE, config: { column_types: { id: 'integer' } } }]);
    expect((await project.run()).success).toBe(true);
    writeFileSync(join(project.dir, 'seeds', 'steady.csv'), 'id,name,country\nnot-a-number,ann,NL\n');
    const outcome = await project.run();
    expect(outcome.results.map((r) => r.status)).toEqual(['error']);
    expect(await query(adapter, `select count(*) as n from ${adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'steady' })}`)).toEqual([{ n: 3 }]);
    expect(await leftovers()).toEqual([]);
  });

  it('changes a relation from view to table and back', async () => {
    const asView = fixture(adapter, [{ name: 'flip', config: { materialized: 'view' }, sql: 'select 1 as x' }]);
    expect((await asView.run()).success).toBe(true);
    const asTable = fixture(adapter, [{ name: 'flip', config: { materialized: 'table' }, sql: 'select 2 as x' }]);
    expect((await asTable.run()).success).toBe(true);
    expect((await relations(adapter)).find((r) => r.identifier === 'flip')?.kind).toBe('table');
    expect((await asView.run()).success).toBe(true);
    expect((await relations(adapter)).find((r) => r.identifier === 'flip')?.kind).toBe('view');
    expect(await leftovers()).toEqual([]);
  });

  it('a failing model keeps its previous table readable, leaves no temporary relation, skips its children and not the rest', async () => {
    const good = fixture(adapter, [{ name: 'stable', config: { materialized: 'table' }, sql: 'select 1 as id' }]);
    expect((await good.run()).success).toBe(true);

    const broken = fixture(adapter, [
      { name: 'stable', config: { materialized: 'table' }, sql: 'select 1 as id,\n  no_such_column as oops\nfrom (select 1 as id) as t' },
      { name: 'child', config: { materialized: 'view' }, sql: "select * from {{ ref('stable') }}", after: ['stable'] },
      { name: 'grandchild', config: { materialized: 'view' }, sql: "select * from {{ ref('child') }}", after: ['child'] },
      { name: 'independent', config: { materialized: 'table' }, sql: 'select 42 as answer' },
    ]);
    const outcome = await broken.run();
    expect(outcome.success).toBe(false);
    const failed = outcome.results.find((r) => r.uniqueId === broken.id('stable'));
    expect(failed?.status).toBe('error');
    expect(failed?.error?.code).toBe('FLOE_SQL');
    expect(failed?.error?.message).toContain('model stable');
    expect(failed?.error?.message.toLowerCase()).toContain('no_such_column');
    expect(failed?.error?.position?.file).toBe('models/stable.sql');
    expect(failed?.error?.detail ?? '').toContain('no_such_column');
    expect(outcome.results.find((r) => r.uniqueId === broken.id('child'))).toMatchObject({ status: 'skipped', skippedBecauseOf: broken.id('stable') });
    expect(outcome.results.find((r) => r.uniqueId === broken.id('grandchild'))).toMatchObject({ status: 'skipped', skippedBecauseOf: broken.id('stable') });
    expect(statusOf(outcome, broken.id('independent'))).toBe('success');
    expect(await query(adapter, `select id from ${adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'stable' })}`)).toEqual([{ id: 1 }]);
    expect(await leftovers()).toEqual([]);
    expect(existsSync(join(broken.targetDir, 'run/demo/models/stable.sql'))).toBe(true);
  });

  it('reports a Jinja error with the template position and carries on with unrelated nodes', async () => {
    const project = fixture(adapter, [
      { name: 'bad_jinja', config: { materialized: 'view' }, sql: 'select 1 as x\n{% if %}' },
      { name: 'fine', config: { materialized: 'view' }, sql: 'select 1 as x' },
    ]);
    const outcome = await project.run();
    const failed = outcome.results.find((r) => r.uniqueId === project.id('bad_jinja'));
    expect(failed?.status).toBe('error');
    expect(failed?.error?.code).toBe('FLOE_JINJA');
    expect(failed?.error?.message).toContain('bad_jinja');
    expect(failed?.error?.position).toMatchObject({ file: 'models/bad_jinja.sql', line: 2 });
    expect(statusOf(outcome, project.id('fine'))).toBe('success');
  });

  it('runs independent nodes in parallel sessions and reports every statement to the listener, even one that throws', async () => {
    const specs = Array.from({ length: 6 }, (_, i) => ({ name: `par_${i}`, config: { materialized: 'table' as const }, sql: `select ${i} as i` }));
    const project = fixture(adapter, specs);
    const statements: string[] = [];
    const finished: string[] = [];
    const outcome = await project.run({
      threads: 3,
      listener: {
        onStatement: (_node, sql) => { statements.push(sql); throw new Error('listener bug'); },
        onNodeFinish: (node, _result, index, total) => { finished.push(`${index}/${total} ${node.name}`); },
      },
    });
    expect(outcome.success).toBe(true);
    expect(finished).toHaveLength(6);
    expect(statements.some((sql) => sql.includes('par_5__dbt_tmp'))).toBe(true);
    const threads = JSON.parse(readFileSync(join(project.targetDir, 'run_results.json'), 'utf8')).results.map((r: { thread_id: string }) => r.thread_id);
    expect(threads.every((t: string) => /^Thread-[123]$/.test(t))).toBe(true);
  });

  it('runs pre- and post-hooks on the node\'s session, with {{ this }} as its relation', async () => {
    const audit = adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'hook_audit' });
    const project = fixture(adapter, [{
      name: 'hooked',
      config: {
        materialized: 'table',
        pre_hook: [`create table if not exists ${audit} (event varchar(20), n integer)`],
        post_hook: [`insert into ${audit} select 'built', count(*) from {{ this }}`, ''],
      },
      sql: 'select 1 as x union all select 2',
    }]);
    expect((await project.run()).success).toBe(true);
    expect((await project.run()).success).toBe(true);
    expect(await query(adapter, `select event, n from ${audit}`)).toEqual([{ event: 'built', n: 2 }, { event: 'built', n: 2 }]);
  });

  it('runs on-run-start before the nodes and on-run-end after them, with the results', async () => {
    const log = adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'run_log' });
    const project = fixture(adapter, [{ name: 'logged', config: { materialized: 'table' }, sql: 'select 1 as x' }]);
    project.project.settings.onRunStart = [`create table if not exists ${log} (step varchar(40), n integer)`, `delete from ${log}`];
    project.project.settings.onRunEnd = [`insert into ${log} values {% for r in results %}('{{ r.node.name }}:{{ r.status }}', {{ loop.index }}){% if not loop.last %},{% endif %}{% endfor %}`];
    const outcome = await project.run();
    expect(outcome.success).toBe(true);
    expect(outcome.results.map((r) => r.uniqueId)).toEqual([
      'operation.demo.demo-on-run-start-0', 'operation.demo.demo-on-run-start-1', project.id('logged'), 'operation.demo.demo-on-run-end-0',
    ]);
    expect(await query(adapter, `select step, n from ${log}`)).toEqual([{ step: 'logged:success', n: 1 }]);
  });

  it('a failing on-run-start hook skips every node', async () => {
    const project = fixture(adapter, [{ name: 'never_built', config: { materialized: 'table' }, sql: 'select 1 as x' }]);
    project.project.settings.onRunStart = ['select * from no_such_table_anywhere'];
    const outcome = await project.run();
    expect(outcome.success).toBe(false);
    expect(outcome.results[0]).toMatchObject({ uniqueId: 'operation.demo.demo-on-run-start-0', status: 'error' });
    expect(outcome.results[1]).toMatchObject({ status: 'skipped', skippedBecauseOf: 'operation.demo.demo-on-run-start-0' });
    expect((await relations(adapter)).map((r) => r.identifier)).not.toContain('never_built');
  });

  it('a ref to a node that does not exist is an error with a suggestion, in plain SQL and in Jinja alike', async () => {
    const project = fixture(adapter, [
      { name: 'customers', config: { materialized: 'view' }, sql: 'select 1 as id' },
      { name: 'plain_typo', config: { materialized: 'view' }, sql: "select * from {{ ref('customer') }}" },
      { name: 'jinja_typo', config: { materialized: 'view' }, sql: "{% set t = ref('custmers') %}select * from {{ t }}" },
    ]);
    const outcome = await project.run();
    for (const name of ['plain_typo', 'jinja_typo']) {
      const result = outcome.results.find((r) => r.uniqueId === project.id(name));
      expect(result?.status).toBe('error');
      expect(`${result?.error?.message} ${result?.error?.hint}`).toContain("did you mean 'customers'?");
    }
    expect(statusOf(outcome, project.id('customers'))).toBe('success');
  });
});
