import { describe, expect, it } from 'vitest';
import { genericTestHash, synthesizeGenericTestNames } from '../../../src/transform/project/generic-test-naming.js';
import { extractStatically } from '../../../src/transform/project/static-sql-parser.js';

describe("dbt's generic test names", () => {
  it('produce the same unique ids dbt writes for jaffle_shop', () => {
    const model = "{{ get_where_subquery(ref('customers')) }}";
    expect(genericTestHash('unique_customers_customer_id', { name: 'unique', kwargs: { column_name: 'customer_id', model } })).toBe('c5af1ff4b1');
    expect(genericTestHash('unique_orders_order_id', { name: 'unique', kwargs: { column_name: 'order_id', model: "{{ get_where_subquery(ref('orders')) }}" } })).toBe('fed79b3a6e');
  });

  it('flatten sorted arguments, clean them, and hash names of 64+ characters', () => {
    expect(synthesizeGenericTestNames('accepted_values', 'orders', { column_name: 'status', values: ['placed', 'shipped'] }).shortName).toBe('accepted_values_orders_status__placed__shipped');
    expect(synthesizeGenericTestNames('relationships', 'orders', { column_name: 'customer_id', to: "ref('customers')", field: 'id' }).fullName).toBe(
      'relationships_orders_customer_id__id__ref_customers_',
    );
    const long = synthesizeGenericTestNames('accepted_values', 'a_rather_long_model_name', { column_name: 'status', values: ['one', 'two', 'three'] });
    expect(long.fullName).toBe('accepted_values_a_rather_long_model_name_status__one__two__three');
    expect(long.shortName).toMatch(/^accepted_values_a_rather_long__[0-9a-f]{32}$/);
    expect(synthesizeGenericTestNames('not_null', 'm', { column_name: 'flag', quote: true }).shortName).toBe('not_null_m_flag__True');
  });
});

describe('the static parser fast path', () => {
  it('reads ref (one and two arguments, version), source and config with literal values, with positions', () => {
    const found = extractStatically("{{ config(materialized='table', tags=['a', \"b\"], meta={'owner': 'x'}, enabled=True) }}\nselect * from {{ ref('pkg', 'orders') }}\njoin {{ ref('customers', v=2) }}\njoin {{- source('shop', 'payments') -}}", 'm.sql');
    expect(found?.configs).toEqual([{ materialized: 'table', tags: ['a', 'b'], meta: { owner: 'x' }, enabled: true }]);
    expect(found?.refs).toEqual([
      { package: 'pkg', name: 'orders', position: { file: 'm.sql', line: 2, column: 18 } },
      { name: 'customers', version: 2, position: { file: 'm.sql', line: 3, column: 9 } },
    ]);
    expect(found?.sources).toEqual([{ sourceName: 'shop', tableName: 'payments', line: 4, column: 10 }]);
  });

  it('ignores calls inside Jinja comments', () => {
    expect(extractStatically("{# {{ ref('old') }} #} select * from {{ ref('new') }}", 'm.sql')?.refs.map((r) => r.name)).toEqual(['new']);
  });

  it('gives up (so Jinja renders the file) on blocks, filters, other functions and non-literal arguments', () => {
    for (const source of ['{% if x %}{% endif %}', "{{ ref('a') | upper }}", "{{ var('x') }}", "{{ ref(name) }}", "{{ config(materialized=var('m')) }}"]) {
      expect(extractStatically(source, 'm.sql'), source).toBeUndefined();
    }
  });
});
