/**
 * Snapshots (timestamp and check strategies, hard deletes, YAML-defined) and
 * unit tests (dict, csv and sql fixtures, overrides), run through runProject
 * on real DuckDB and PostgreSQL, with the source changing between runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeAdapter } from '../../../src/compute/index.js';
import { runProject } from '../../../src/transform/index.js';
import { temporaryProject } from '../project/temporary-project.js';
import { engines, query, type OpenEngine } from './engines.js';

const SNAPSHOT_PROJECT = {
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: "{{ target.schema }}"\n    tables:\n      - name: customers\n',
  'snapshots/customers.sql': `{% snapshot customers_history %}
{{ config(target_schema=target.schema ~ '_snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}
select * from {{ source('raw', 'customers') }}
{% endsnapshot %}
`,
  'snapshots/snapshots.yml': `version: 2
snapshots:
  - name: customers_names
    relation: source('raw', 'customers')
    config:
      schema: names
      unique_key: [id]
      strategy: check
      check_cols: [name]
      hard_deletes: new_record
`,
  'models/current_customers.sql': "select id, name from {{ ref('customers_history') }} where dbt_valid_to is null",
};

const UNIT_TEST_PROJECT = {
  'seeds/orders.csv': 'order_id,customer_id,amount\n1,10,5.00\n2,10,7.50\n3,11,1.25\n',
  'seeds/customers.csv': 'customer_id,name\n10,ann\n11,bo\n',
  'models/customer_totals.sql': `select c.name, sum(o.amount) as total, count(*) as orders, '{{ var("label", "none") }}' as label
from {{ ref('orders') }} o join {{ ref('customers') }} c on c.customer_id = o.customer_id
{% if is_incremental() %}where o.amount > 1{% endif %}
group by c.name`,
  'models/unit_tests.yml': `version: 2
unit_tests:
  - name: sums_per_customer
    model: customer_totals
    given:
      - input: ref('orders')
        rows:
          - {order_id: 1, customer_id: 1, amount: 2.5}
          - {order_id: 2, customer_id: 1, amount: 0.5}
      - input: ref('customers')
        format: csv
        rows: |
          customer_id,name
          1,zed
    expect:
      rows:
        - {name: zed, total: 3.0, orders: 2}
  - name: overrides_apply
    model: customer_totals
    overrides:
      vars: {label: overridden}
      macros: {is_incremental: true}
    given:
      - input: ref('orders')
        format: sql
        rows: "select 1 as order_id, 1 as customer_id, cast(0.5 as decimal(10,2)) as amount union all select 2, 1, cast(4 as decimal(10,2))"
      - input: ref('customers')
        rows: [{customer_id: 1, name: zed}]
    expect:
      rows: [{name: zed, total: 4, label: overridden}]
  - name: wrong_on_purpose
    model: customer_totals
    given:
      - input: ref('orders')
        rows: [{order_id: 1, customer_id: 1, amount: 1}]
      - input: ref('customers')
        rows: [{customer_id: 1, name: zed}]
    expect:
      rows: [{name: zed, total: 2}]
`,
};

for (const engine of engines) {
  describe(`snapshots and unit tests on ${engine.name}`, () => {
    let open: OpenEngine;
    let adapter: ComputeAdapter;
    beforeAll(async () => {
      open = await engine.open();
      adapter = open.adapter;
    });
    afterAll(() => open.close());

    const run = (dir: string, extra: Partial<Parameters<typeof runProject>[0]> = {}) =>
      runProject({ projectDir: dir, env: {}, adapter, profileOverride: { profileName: 'shop', targetName: 'dev', threads: 1, config: connection() }, ...extra });
    // The parse must name the database the adapter is connected to.
    const connection = (): Record<string, unknown> & { type: string } =>
      engine.name === 'duckdb' ? { type: 'duckdb', path: `${adapter.database}.duckdb`, schema: adapter.schema } : { type: 'postgres', dbname: adapter.database, schema: adapter.schema };
    const table = (schema: string, name: string): string => adapter.dialect.renderRelation({ schema, identifier: name });

    it('keeps history with the timestamp and check strategies, and records hard deletes', async () => {
      const dir = temporaryProject(SNAPSHOT_PROJECT);
      const source = table(adapter.schema, 'customers');
      const ts = (text: string) => `cast('${text}' as timestamp)`;
      await query(adapter, `create table ${source} (id integer, name varchar(20), updated_at timestamp)`);
      await query(adapter, `insert into ${source} values (1, 'ann', ${ts('2024-01-01 00:00:00')}), (2, 'bo', ${ts('2024-01-01 00:00:00')})`);
      const first = await run(dir);
      expect(first.results.filter((r) => r.status !== 'success')).toEqual([]);

      await query(adapter, `update ${source} set name = 'anna', updated_at = ${ts('2024-02-01 00:00:00')} where id = 1`);
      await query(adapter, `delete from ${source} where id = 2`);
      await query(adapter, `insert into ${source} values (3, 'cy', ${ts('2024-02-01 00:00:00')})`);
      const second = await run(dir);
      expect(second.results.filter((r) => r.status !== 'success')).toEqual([]);
      const third = await run(dir, { select: ['resource_type:snapshot'] });
      expect(third.results.map((r) => r.message)).toEqual(['SNAPSHOT 0', 'SNAPSHOT 0']);

      const history = await query(
        adapter,
        `select id, name, cast(dbt_valid_from as varchar) as valid_from, cast(dbt_valid_to as varchar) as valid_to from ${table(`${adapter.schema}_snapshots`, 'customers_history')} order by id, dbt_valid_from`,
      );
      expect(history.map((r) => [r.id, r.name, String(r.valid_from).slice(0, 10), r.valid_to === null ? null : String(r.valid_to).slice(0, 10)])).toEqual([
        [1, 'ann', '2024-01-01', '2024-02-01'],
        [1, 'anna', '2024-02-01', null],
        [2, 'bo', '2024-01-01', expect.any(String)],
        [3, 'cy', '2024-02-01', null],
      ]);
      expect(await query(adapter, `select id, name from ${table(adapter.schema, 'current_customers')} order by id`)).toEqual([
        { id: 1, name: 'anna' },
        { id: 3, name: 'cy' },
      ]);

      const names = await query(adapter, `select id, name, dbt_is_deleted, dbt_valid_to is null as is_current from ${table(`${adapter.schema}_names`, 'customers_names')} order by id, dbt_valid_from, dbt_is_deleted`);
      expect(names.map((r) => [r.id, r.name, r.dbt_is_deleted, r.is_current])).toEqual([
        [1, 'ann', 'False', false],
        [1, 'anna', 'False', true],
        [2, 'bo', 'False', false],
        [2, 'bo', 'True', true],
        [3, 'cy', 'False', true],
      ]);
    });

    it('runs unit tests before their model, with dict, csv and sql fixtures and overrides; a failing one skips the model', async () => {
      const dir = temporaryProject(UNIT_TEST_PROJECT);
      const outcome = await run(dir);
      const byName = new Map(outcome.results.map((r) => [outcome.project.nodes.get(r.uniqueId)?.name, r]));
      expect(byName.get('sums_per_customer')?.status).toBe('pass');
      expect(byName.get('overrides_apply')?.status).toBe('pass');
      const wrong = byName.get('wrong_on_purpose');
      expect(wrong?.status).toBe('fail');
      expect(wrong?.error?.detail).toContain('+  zed | 1');
      expect(wrong?.error?.detail).toContain('-  zed | 2');
      expect(byName.get('customer_totals')?.status).toBe('skipped');
      const order = outcome.results.map((r) => outcome.project.nodes.get(r.uniqueId)?.name);
      expect(order.indexOf('orders')).toBeLessThan(order.indexOf('sums_per_customer'));

      const only = await run(dir, { exclude: ['wrong_on_purpose'] });
      expect(only.results.find((r) => only.project.nodes.get(r.uniqueId)?.name === 'customer_totals')?.status).toBe('success');
    });
  });
}
