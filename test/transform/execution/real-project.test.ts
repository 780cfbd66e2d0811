/**
 * A tiny real dbt project on disk, loaded by the parser and run twice on each
 * engine: seeds, a view, an ephemeral, a table, an incremental model, a
 * custom macro, generic/custom/singular tests with severities — and the
 * artifacts a dbt user would look for.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../src/compute/index.js';
import type { ComputeAdapter } from '../../../src/compute/index.js';
import { buildGraph, selectNodes } from '../../../src/transform/graph/index.js';
import { executeNodes } from '../../../src/transform/execution/index.js';
import { loadProject } from '../../../src/transform/project/index.js';
import type { NodeResult, ParsedProject } from '../../../src/transform/types.js';
import { createTestDatabase } from '../../support/postgres.js';
import type { TestDatabase } from '../../support/postgres.js';

const FILES: Record<string, string> = {
  'dbt_project.yml': `
name: shop
profile: shop
models:
  shop:
    +materialized: view
    marts:
      +materialized: table
seeds:
  shop:
    raw_orders:
      +column_types: { amount: integer }
`,
  'seeds/raw_orders.csv': 'id,customer_id,status,amount\n1,1,placed,100\n2,1,shipped,250\n3,2,returned,75\n',
  'seeds/raw_customers.csv': 'id,name\n1,ann\n2,bob\n',
  'macros/cents.sql': `{% macro to_euros(column) %}({{ column }} / 100.0){% endmacro %}
{% test at_most(model, column_name, value) %}select * from {{ model }} where {{ column_name }} > {{ value }}{% endtest %}`,
  'models/staging/stg_orders.sql': `{{ config(materialized='ephemeral') }}
select id as order_id, customer_id, status, amount from {{ ref('raw_orders') }}`,
  'models/staging/stg_customers.sql': `select id as customer_id, name from {{ ref('raw_customers') }}`,
  'models/marts/orders.sql': `with o as (select * from {{ ref('stg_orders') }})
select o.order_id, c.name, o.status, {{ to_euros('o.amount') }} as euros
from o join {{ ref('stg_customers') }} c on c.customer_id = o.customer_id`,
  'models/marts/order_log.sql': `{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='merge') }}
select order_id, status from {{ ref('stg_orders') }}
{% if is_incremental() %}where order_id >= (select max(order_id) from {{ this }}){% endif %}`,
  'models/schema.yml': `
version: 2
models:
  - name: orders
    columns:
      - name: order_id
        data_tests: [unique, not_null]
      - name: status
        data_tests:
          - accepted_values:
              values: [placed, shipped]
              config: { severity: warn }
      - name: euros
        data_tests:
          - at_most: { value: 2 }
  - name: stg_customers
    columns:
      - name: customer_id
        tests:
          - relationships: { to: "ref('raw_customers')", field: id }
`,
  'tests/orders_have_names.sql': `select * from {{ ref('orders') }} where name is null`,
};

function writeProject(profile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-shop-'));
  for (const [file, content] of Object.entries({ ...FILES, 'profiles.yml': profile })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

interface EngineCase {
  name: string;
  setUp(): Promise<{ profile: string; cleanUp(): Promise<void> }>;
}

const cases: EngineCase[] = [
  {
    name: 'duckdb',
    async setUp() {
      const dir = mkdtempSync(join(tmpdir(), 'floe-shop-db-'));
      return { profile: `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${join(dir, 'shop.duckdb')}\n      threads: 4\n`, cleanUp: async () => undefined };
    },
  },
  {
    name: 'postgres',
    async setUp() {
      const database: TestDatabase = await createTestDatabase('floe_shop');
      return {
        profile: `shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: ${database.host}\n      port: ${database.port}\n      user: ${database.user}\n      password: ${JSON.stringify(database.password)}\n      dbname: ${database.name}\n      schema: public\n      threads: 4\n`,
        cleanUp: () => database.drop(),
      };
    },
  },
];

describe.each(cases)('a real project on $name', (engineCase) => {
  let dir: string;
  let project: ParsedProject;
  let adapter: ComputeAdapter;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    const setUp = await engineCase.setUp();
    cleanUp = setUp.cleanUp;
    dir = writeProject(setUp.profile);
    project = await loadProject({ projectDir: dir });
    adapter = await createAdapter(project.target.config as never); // the profile's config, as the facade passes it
  });
  afterAll(async () => {
    await adapter?.close();
    await cleanUp?.();
  });

  async function build(options: { select?: string[]; fullRefresh?: boolean } = {}) {
    const graph = buildGraph(project);
    const selected = selectNodes(project, graph, { select: options.select });
    return executeNodes(project, graph, adapter, { selected, threads: 4, targetDir: join(dir, 'target'), fullRefresh: options.fullRefresh, args: { which: 'build' } });
  }
  const byName = (results: NodeResult[], name: string) => results.find((r) => r.uniqueId.split('.')[2] === name);
  const rows = (sql: string) => adapter.withSession(async (session) => (await session.execute(sql)).rows);

  it('builds everything and gives the outcomes dbt would', async () => {
    const outcome = await build();
    const summary = Object.fromEntries(outcome.results.map((r) => [r.uniqueId.split('.').slice(0, 3).join('.'), r.status]));
    expect(summary).toMatchObject({
      'seed.shop.raw_orders': 'success',
      'seed.shop.raw_customers': 'success',
      'model.shop.stg_customers': 'success',
      'model.shop.orders': 'success',
      'model.shop.order_log': 'success',
      'test.shop.orders_have_names': 'pass',
    });
    expect(summary['model.shop.stg_orders']).toBeUndefined();
    const tests = outcome.results.filter((r) => r.uniqueId.startsWith('test.'));
    const testStatus = (prefix: string) => tests.find((r) => r.uniqueId.split('.')[2].startsWith(prefix))?.status;
    expect(testStatus('unique_orders_order_id')).toBe('pass');
    expect(testStatus('not_null_orders_order_id')).toBe('pass');
    expect(testStatus('accepted_values_orders_status')).toBe('warn');
    expect(testStatus('at_most_orders_euros')).toBe('fail');
    expect(testStatus('relationships_stg_customers')).toBe('pass');
    expect(outcome.success).toBe(false);
    expect(byName(outcome.results, 'raw_orders')?.message).toBe('INSERT 3');
    expect(await rows(`select order_id, name, euros from ${adapter.dialect.renderRelation(project.nodes.get('model.shop.orders')?.relation ?? { schema: '', identifier: '' })} order by order_id`))
      .toEqual([{ order_id: 1, name: 'ann', euros: 1 }, { order_id: 2, name: 'ann', euros: 2.5 }, { order_id: 3, name: 'bob', euros: 0.75 }].map((r) => expect.objectContaining({ order_id: r.order_id, name: r.name })));

    const runResults = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    expect(runResults.args.which).toBe('build');
    expect(runResults.results).toHaveLength(outcome.results.length);
    expect(readFileSync(join(dir, 'target/compiled/shop/models/marts/orders.sql'), 'utf8')).toMatch(/^with __dbt__cte__stg_orders as/);
  });

  it('runs again: the incremental model merges, the rest is rebuilt the same', async () => {
    const outcome = await build();
    expect(byName(outcome.results, 'order_log')?.message).toBe('MERGE 1');
    expect(byName(outcome.results, 'order_log')?.compiledSql).toContain('where order_id >=');
    const log = project.nodes.get('model.shop.order_log')?.relation;
    expect(await rows(`select count(*) as n from ${adapter.dialect.renderRelation(log ?? { schema: '', identifier: '' })}`)).toEqual([{ n: 3 }]);
    expect(byName(outcome.results, 'orders')?.message).toBe('CREATE TABLE (3 rows)');
  });

  it('selects a model with its tests, and full-refreshes the incremental', async () => {
    const outcome = await build({ select: ['order_log', 'orders'], fullRefresh: true });
    expect(byName(outcome.results, 'order_log')?.message).toBe('CREATE TABLE (3 rows)');
    expect(outcome.results.some((r) => r.uniqueId.startsWith('seed.'))).toBe(false);
  });
});
