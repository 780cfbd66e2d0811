import { beforeAll, describe, expect, it } from 'vitest';
import { FloeError, FloeErrors } from '../../../src/errors/index.js';
import { buildGraph, selectNodes, type DependencyGraph, type SelectionOptions } from '../../../src/transform/graph/index.js';
import { loadProject } from '../../../src/transform/project/index.js';
import type { ParsedProject } from '../../../src/transform/types.js';
import { temporaryProject } from '../project/temporary-project.js';

const UNIQUE = 'test.shop.unique_orders_order_id';
const RELATIONSHIPS = 'test.shop.relationships_report_order_id__order_id__ref_orders_';
const SINGULAR = 'test.shop.assert_orders_positive';
const SOURCE_TEST = 'test.shop.source_not_null_pay_payments_id';

let project: ParsedProject;
let graph: DependencyGraph;

beforeAll(async () => {
  project = await loadProject({ projectDir: 'test/fixtures/dbt/selection', env: {} });
  graph = buildGraph(project);
});

/** Selected ids with the hash of generic tests dropped, for readable expectations. */
function select(options: SelectionOptions): string[] {
  return selectNodes(project, graph, options).map((id) => (id.startsWith('test.') && id.split('.').length === 4 ? id.split('.').slice(0, 3).join('.') : id));
}

describe('the dependency graph', () => {
  it('knows parents and children, sources included', () => {
    expect(graph.parents('model.shop.orders')).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments']);
    expect(graph.parents('model.shop.stg_payments')).toEqual(['source.shop.pay.payments']);
    expect(graph.children('model.shop.orders').map((id) => id.split('.').slice(0, 3).join('.'))).toEqual(['model.shop.report', SINGULAR, RELATIONSHIPS, UNIQUE]);
  });

  it('orders nodes topologically, ties broken by unique id', () => {
    const order = graph.topologicalOrder().map((id) => id.split('.').slice(0, 3).join('.'));
    expect(order).toEqual([
      'seed.shop.raw_orders',
      'model.shop.stg_orders',
      'source.shop.pay',
      'model.shop.stg_payments',
      'model.shop.orders',
      'model.shop.report',
      SINGULAR,
      RELATIONSHIPS,
      'test.shop.source_not_null_pay_payments_id',
      UNIQUE,
    ]);
    expect(buildGraph(project).topologicalOrder()).toEqual(graph.topologicalOrder());
  });

  it('names a cycle in order, with the file of its first node', async () => {
    const dir = temporaryProject({
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
      'models/d.sql': "select * from {{ ref('c') }}",
    });
    const cyclic = await loadProject({ projectDir: dir, env: {} });
    let error: unknown;
    try {
      buildGraph(cyclic);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FloeError);
    expect((error as FloeError).code).toBe('FLOE_CYCLE');
    expect((error as FloeError).message).toBe('dependency cycle: model.shop.a → model.shop.b → model.shop.c → model.shop.a');
    expect((error as FloeError).position).toEqual({ file: 'models/a.sql' });
  });

  it('reports a model that refs itself', async () => {
    const self = await loadProject({ projectDir: temporaryProject({ 'models/a.sql': "select * from {{ ref('a') }}" }), env: {} });
    expect(() => buildGraph(self)).toThrow('dependency cycle: model.shop.a → model.shop.a');
  });
});

describe('selectNodes', () => {
  it('selects everything but sources by default, in topological order', () => {
    expect(select({})).toEqual(graph.topologicalOrder().filter((id) => !id.startsWith('source.')).map((id) => (id.split('.').length === 4 ? id.split('.').slice(0, 3).join('.') : id)));
  });

  it('by name, and brings the tests of selected nodes along (eager indirect selection)', () => {
    expect(select({ select: ['orders'] })).toEqual(['model.shop.orders', SINGULAR, RELATIONSHIPS, UNIQUE]);
    expect(select({ select: ['orders'], indirectSelection: 'cautious' })).toEqual(['model.shop.orders', SINGULAR, UNIQUE]);
    expect(select({ select: ['orders'], indirectSelection: 'buildable' })).toEqual(['model.shop.orders', SINGULAR, UNIQUE]);
    expect(select({ select: ['orders'], indirectSelection: 'empty' })).toEqual(['model.shop.orders']);
  });

  it('by fqn path, folder and wildcard', () => {
    expect(select({ select: ['staging'] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments']);
    expect(select({ select: ['shop.marts.report'] })).toEqual(['model.shop.report', RELATIONSHIPS]);
    expect(select({ select: ['staging.stg_*'], resourceTypes: ['model'] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments']);
    expect(select({ select: ['fqn:shop.staging.*'], resourceTypes: ['model'] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments']);
    expect(select({ select: ['*'], resourceTypes: ['seed'] })).toEqual(['seed.shop.raw_orders']);
  });

  it('with graph operators +x, x+, n+x, x+n and @x', () => {
    const models = { resourceTypes: ['model', 'seed'] as const };
    expect(select({ select: ['+orders'], resourceTypes: [...models.resourceTypes] })).toEqual(['seed.shop.raw_orders', 'model.shop.stg_orders', 'model.shop.stg_payments', 'model.shop.orders']);
    expect(select({ select: ['1+orders'], resourceTypes: [...models.resourceTypes] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments', 'model.shop.orders']);
    expect(select({ select: ['stg_orders+'], resourceTypes: [...models.resourceTypes] })).toEqual(['model.shop.stg_orders', 'model.shop.orders', 'model.shop.report']);
    expect(select({ select: ['stg_orders+1'], resourceTypes: [...models.resourceTypes] })).toEqual(['model.shop.stg_orders', 'model.shop.orders']);
    expect(select({ select: ['@stg_orders'], resourceTypes: [...models.resourceTypes] })).toEqual([
      'seed.shop.raw_orders', 'model.shop.stg_orders', 'model.shop.stg_payments', 'model.shop.orders', 'model.shop.report',
    ]);
    expect(select({ select: ['+stg_payments'], resourceTypes: ['model', 'source'] })).toEqual(['source.shop.pay.payments', 'model.shop.stg_payments']);
  });

  it('by tag, path, file, config, resource_type, package, source, test_type and test_name', () => {
    expect(select({ select: ['tag:finance'], indirectSelection: 'empty' })).toEqual(['model.shop.report']);
    expect(select({ select: ['tag:nightly'], indirectSelection: 'empty' })).toEqual(['model.shop.orders', 'model.shop.report']);
    expect(select({ select: ['path:models/staging'] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments']);
    expect(select({ select: ['models/staging/stg_orders.sql'] })).toEqual(['model.shop.stg_orders']);
    expect(select({ select: ['file:report.sql'], indirectSelection: 'empty' })).toEqual(['model.shop.report']);
    expect(select({ select: ['config.materialized:view'], resourceTypes: ['model'] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments', 'model.shop.report']);
    expect(select({ select: ['config.tags:finance'], indirectSelection: 'empty' })).toEqual(['model.shop.report']);
    expect(select({ select: ['resource_type:seed'] })).toEqual(['seed.shop.raw_orders']);
    expect(select({ select: ['package:shop'], resourceTypes: ['seed'] })).toEqual(['seed.shop.raw_orders']);
    expect(select({ select: ['source:pay'], resourceTypes: ['source', 'test'] })).toEqual(['source.shop.pay.payments', SOURCE_TEST]);
    expect(select({ select: ['source:pay.payments+'], resourceTypes: ['model'] })).toEqual(['model.shop.stg_payments', 'model.shop.orders', 'model.shop.report']);
    expect(select({ select: ['test_type:singular'] })).toEqual([SINGULAR]);
    expect(select({ select: ['test_type:generic'] })).toEqual([RELATIONSHIPS, SOURCE_TEST, UNIQUE]);
    expect(select({ select: ['test_name:unique'] })).toEqual([UNIQUE]);
  });

  it('unions by list element and by space; intersections by comma', () => {
    expect(select({ select: ['stg_orders', 'report'], indirectSelection: 'empty' })).toEqual(['model.shop.stg_orders', 'model.shop.report']);
    expect(select({ select: ['stg_orders report'], indirectSelection: 'empty' })).toEqual(['model.shop.stg_orders', 'model.shop.report']);
    expect(select({ select: ['tag:nightly,config.materialized:table'], indirectSelection: 'empty' })).toEqual(['model.shop.orders']);
    expect(select({ select: ['+report,staging'] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments']);
  });

  it('applies --exclude after selection, excluding the tests of excluded nodes', () => {
    expect(select({ select: ['+report'], exclude: ['staging'], resourceTypes: ['model', 'seed', 'test'] })).toEqual([
      // +report reaches the payments source, so its test comes along too.
      'seed.shop.raw_orders', 'model.shop.orders', 'model.shop.report', SINGULAR, RELATIONSHIPS, SOURCE_TEST, UNIQUE,
    ]);
    expect(select({ exclude: ['orders+'], resourceTypes: ['model', 'test'] })).toEqual(['model.shop.stg_orders', 'model.shop.stg_payments', SOURCE_TEST]);
    expect(select({ select: ['orders'], exclude: ['test_name:unique'] })).toEqual(['model.shop.orders', SINGULAR, RELATIONSHIPS]);
  });

  it('rejects an unknown method, listing the valid ones', () => {
    let error: unknown;
    try {
      select({ select: ['tags:finance'] });
    } catch (caught) {
      error = caught;
    }
    expect((error as FloeError).code).toBe('FLOE_SELECTOR_UNKNOWN_METHOD');
    expect((error as FloeError).hint).toContain('tag, path, file, config.<key>, resource_type, source');
  });

  it('warns (not fails) when a selector matches nothing', () => {
    const warnings: FloeError[] = [];
    expect(select({ select: ['nothing_here', 'report'], indirectSelection: 'empty', onWarning: (w) => warnings.push(w) })).toEqual(['model.shop.report']);
    expect(warnings.map((w) => [w.code, w.severity, w.message])).toEqual([['FLOE_SELECTOR_NO_MATCH', 'warning', "the selector 'nothing_here' does not match any node"]]);
  });

  it('is not an error type mix-up: FloeErrors is reserved for parse failures', () => {
    expect(() => select({ select: ['@+orders'] })).toThrow(FloeError);
    expect(() => select({ select: ['@+orders'] })).not.toThrow(FloeErrors);
  });
});
