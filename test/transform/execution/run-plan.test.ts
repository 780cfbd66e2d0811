import { describe, expect, it } from 'vitest';
import { planRun } from '../../../src/transform/execution/run-plan.js';
import { graphOf, node, project } from './hand-built-project.js';

const ids = (plan: ReturnType<typeof planRun>) => Object.fromEntries(plan.tasks.map((t) => [t.id, [...t.dependencies].sort()]));

describe('planRun', () => {
  const raw = node({ name: 'raw', type: 'seed' });
  const stg = node({ name: 'stg', config: { materialized: 'ephemeral' }, dependsOn: [raw.uniqueId] });
  const orders = node({ name: 'orders', config: { materialized: 'table' }, dependsOn: [stg.uniqueId] });
  const report = node({ name: 'report', dependsOn: [orders.uniqueId] });
  const uniqueTest = node({ name: 'unique_orders_id', type: 'test', dependsOn: [orders.uniqueId], test: { name: 'unique', kwargs: { column_name: 'id' }, attachedTo: orders.uniqueId } });
  const relTest = node({ name: 'relationships_report', type: 'test', dependsOn: [report.uniqueId, orders.uniqueId], test: { name: 'relationships', kwargs: {} } });
  const parsed = project([raw, stg, orders, report, uniqueTest, relTest]);
  const graph = graphOf(parsed);

  it('leaves ephemeral models out and links their parents to their children', () => {
    const plan = planRun(parsed, graph, [raw.uniqueId, stg.uniqueId, orders.uniqueId]);
    expect(plan.nodes.map((n) => n.name)).toEqual(['raw', 'orders']);
    expect(ids(plan)).toEqual({ [raw.uniqueId]: [], [orders.uniqueId]: [raw.uniqueId] });
  });

  it('keeps dependencies through unselected nodes', () => {
    const plan = planRun(parsed, graph, [raw.uniqueId, report.uniqueId]);
    expect(ids(plan)[report.uniqueId]).toEqual([raw.uniqueId]);
  });

  it('makes downstream models wait for the tests of their parents (build semantics)', () => {
    const plan = planRun(parsed, graph, [...parsed.nodes.keys()]);
    expect(ids(plan)[report.uniqueId]).toEqual([orders.uniqueId, uniqueTest.uniqueId].sort());
    // A test on report and orders does not make report wait for itself.
    expect(ids(plan)[relTest.uniqueId]).toEqual([orders.uniqueId, report.uniqueId].sort());
  });

  it('ranks tests ahead of models so they run right after their model', () => {
    const plan = planRun(parsed, graph, [...parsed.nodes.keys()]);
    const priority = Object.fromEntries(plan.tasks.map((t) => [t.id, t.priority]));
    expect(priority[uniqueTest.uniqueId]).toBeLessThan(priority[report.uniqueId]);
    expect(priority[raw.uniqueId]).toBeLessThan(priority[orders.uniqueId]);
  });
});
