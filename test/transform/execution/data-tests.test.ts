import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeAdapter } from '../../../src/compute/index.js';
import type { NodeConfig } from '../../../src/transform/types.js';
import { engines } from './engines.js';
import type { OpenEngine } from './engines.js';
import { fixture, statusOf } from './run-fixture.js';
import type { FixtureSpec } from './run-fixture.js';

const ORDERS = 'id,customer_id,status\n1,1,placed\n2,1,shipped\n3,2,returned\n3,9,placed\n';
const CUSTOMERS = 'id,name\n1,ann\n2,bob\n';

function generic(name: string, test: string, kwargs: Record<string, unknown>, config: Partial<NodeConfig> = {}, on = 'orders', alsoAfter: string[] = []): FixtureSpec {
  return { name, type: 'test', config, test: { name: test, kwargs, attachedTo: on, column: kwargs.column_name as string | undefined }, after: [on, ...alsoAfter] };
}

describe.each(engines)('data tests on $name', (engine) => {
  let open: OpenEngine;
  let adapter: ComputeAdapter;
  beforeAll(async () => {
    open = await engine.open();
    adapter = open.adapter;
  });
  afterAll(async () => {
    await open?.close();
  });

  const seeds: FixtureSpec[] = [
    { name: 'orders', type: 'seed', csv: ORDERS },
    { name: 'customers', type: 'seed', csv: CUSTOMERS },
  ];

  it('runs the four built-in generic tests and singular tests with the right outcome', async () => {
    const project = fixture(adapter, [
      ...seeds,
      generic('unique_orders_id', 'unique', { column_name: 'id' }),
      generic('not_null_orders_id', 'not_null', { column_name: 'id' }),
      generic('accepted_values_orders_status', 'accepted_values', { column_name: 'status', values: ['placed', 'shipped'] }),
      generic('relationships_orders_customer_id', 'relationships', { column_name: 'customer_id', to: "ref('customers')", field: 'id' }, {}, 'orders', ['customers']),
      { name: 'no_negative_ids', type: 'test', sql: "select * from {{ ref('orders') }} where id < 0", after: ['orders'] },
      { name: 'always_fails', type: 'test', sql: "select * from {{ ref('customers') }}", after: ['customers'] },
    ]);
    const outcome = await project.run();
    const byName = (name: string) => outcome.results.find((r) => r.uniqueId === project.id(name));
    expect(byName('unique_orders_id')).toMatchObject({ status: 'fail', failures: 1, message: 'FAIL 1' });
    expect(byName('not_null_orders_id')).toMatchObject({ status: 'pass', failures: 0, message: 'PASS' });
    expect(byName('accepted_values_orders_status')).toMatchObject({ status: 'fail', failures: 1 });
    expect(byName('relationships_orders_customer_id')).toMatchObject({ status: 'fail', failures: 1 });
    expect(byName('no_negative_ids')).toMatchObject({ status: 'pass' });
    expect(byName('always_fails')).toMatchObject({ status: 'fail', failures: 2 });
    expect(outcome.success).toBe(false);
    const compiled = readFileSync(join(project.targetDir, 'compiled/demo/models/schema.yml/unique_orders_id.sql'), 'utf8');
    expect(compiled).toContain('"orders"');
    const runResults = JSON.parse(readFileSync(join(project.targetDir, 'run_results.json'), 'utf8'));
    const unique = runResults.results.find((r: { unique_id: string }) => r.unique_id === project.id('unique_orders_id'));
    expect(unique).toMatchObject({ status: 'fail', failures: 1, message: 'Got 1 result, configured to fail if != 0' });
  });

  it('applies severity, warn_if, error_if, where and limit as dbt does', async () => {
    const project = fixture(adapter, [
      ...seeds,
      generic('warn_severity', 'unique', { column_name: 'id' }, { severity: 'warn' }),
      generic('below_error_threshold', 'accepted_values', { column_name: 'status', values: ['placed'] }, { error_if: '> 5', warn_if: '> 1' }),
      generic('below_both', 'accepted_values', { column_name: 'status', values: ['placed'] }, { error_if: '> 5', warn_if: '> 2' }),
      generic('filtered_by_where', 'unique', { column_name: 'id' }, { where: "status <> 'returned'" }),
      generic('limited', 'accepted_values', { column_name: 'status', values: ['nothing'] }, { limit: 2 }),
    ]);
    const outcome = await project.run();
    const byName = (name: string) => outcome.results.find((r) => r.uniqueId === project.id(name));
    expect(byName('warn_severity')).toMatchObject({ status: 'warn', failures: 1, message: 'WARN 1' });
    expect(byName('below_error_threshold')).toMatchObject({ status: 'warn', failures: 2 });
    expect(byName('below_both')).toMatchObject({ status: 'pass', failures: 2 });
    expect(byName('filtered_by_where')).toMatchObject({ status: 'pass' });
    expect(byName('limited')).toMatchObject({ status: 'fail', failures: 2 });
    expect(outcome.success).toBe(false);
  });

  it('an error-severity failure skips downstream models; a warning does not', async () => {
    const project = fixture(adapter, [
      ...seeds,
      generic('unique_customers_id_warn', 'unique', { column_name: 'id' }, { severity: 'warn' }, 'customers'),
      generic('unique_orders_id', 'unique', { column_name: 'id' }),
      { name: 'customer_report', config: { materialized: 'table' }, sql: "select * from {{ ref('customers') }}", after: ['customers'] },
      { name: 'order_report', config: { materialized: 'table' }, sql: "select * from {{ ref('orders') }}", after: ['orders'] },
    ]);
    const outcome = await project.run({ threads: 2 });
    expect(statusOf(outcome, project.id('unique_orders_id'))).toBe('fail');
    expect(outcome.results.find((r) => r.uniqueId === project.id('order_report'))).toMatchObject({ status: 'skipped', skippedBecauseOf: project.id('unique_orders_id') });
    expect(statusOf(outcome, project.id('unique_customers_id_warn'))).toBe('pass');
    expect(statusOf(outcome, project.id('customer_report'))).toBe('success');
  });

  it('runs custom generic tests from {% test %} blocks', async () => {
    const project = fixture(
      adapter,
      [...seeds, generic('is_positive_orders_id', 'is_positive', { column_name: 'id' }), generic('is_even_orders_id', 'is_even', { column_name: 'id' })],
      [
        { name: 'test_is_positive', sql: '{% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}' },
        { name: 'test_is_even', sql: '{% test is_even(model, column_name) %}select * from {{ model }} where {{ column_name }} % 2 = 1{% endtest %}' },
      ],
    );
    const outcome = await project.run();
    expect(statusOf(outcome, project.id('is_positive_orders_id'))).toBe('pass');
    expect(outcome.results.find((r) => r.uniqueId === project.id('is_even_orders_id'))).toMatchObject({ status: 'fail', failures: 3 });
  });

  it('renders test arguments that hold Jinja (whole expressions and text with Jinja inside)', async () => {
    const project = fixture(
      adapter,
      [
        ...seeds,
        generic('at_most_whole', 'at_most', { column_name: 'id', value: "{{ var('ceiling', 2) }}" }),
        generic('at_most_text', 'at_most', { column_name: 'id', value: "{{ var('ceiling', 2) }} + 1" }),
      ],
      [{ name: 'test_at_most', sql: '{% test at_most(model, column_name, value) %}select * from {{ model }} where {{ column_name }} > {{ value }}{% endtest %}' }],
    );
    const outcome = await project.run();
    expect(outcome.results.find((r) => r.uniqueId === project.id('at_most_whole'))).toMatchObject({ status: 'fail', failures: 2 });
    expect(outcome.results.find((r) => r.uniqueId === project.id('at_most_text'))).toMatchObject({ status: 'pass' });
  });

  it('a test whose SQL fails is an error naming the test', async () => {
    const project = fixture(adapter, [...seeds, generic('not_null_orders_nope', 'not_null', { column_name: 'nope' })]);
    const outcome = await project.run();
    const result = outcome.results.find((r) => r.uniqueId === project.id('not_null_orders_nope'));
    expect(result?.status).toBe('error');
    expect(result?.error?.message).toContain('test not_null_orders_nope');
  });
});
