/**
 * Data tests (generic and singular): run dbt's wrapper around the test's
 * failing-rows SQL and turn the one row it returns into pass / warn / fail.
 * With `store_failures` (or --store-failures) the failing rows are first kept
 * in `<target schema>_dbt_test__audit.<test name>` — a table, or a view with
 * `store_failures_as: view` — rebuilt on every run, and the test counts them there.
 */
import type { RelationRef } from '../../compute/index.js';
import { adapterResponse } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { buildAndSwap } from './relation-swap.js';
import { createTableAs } from './table-materialization.js';
import { readTestRow, testQueryConfig, testStatus, wrapTestSql } from './test-query.js';

/** Where a test's failures are stored, and as what, or undefined when they are not. */
export function storedFailuresOf(context: MaterializationContext): { relation: RelationRef; kind: 'table' | 'view' } | undefined {
  const { node, adapter } = context;
  const config = node.config as Record<string, unknown>;
  const as = config.store_failures_as === undefined || config.store_failures_as === null ? undefined : String(config.store_failures_as);
  const configured = config.store_failures;
  const enabled = as !== undefined ? as !== 'ephemeral' : configured === undefined || configured === null ? context.storeFailures === true : configured === true || String(configured).toLowerCase() === 'true';
  if (!enabled) return undefined;
  const custom = typeof config.schema === 'string' && config.schema !== '' ? `_${config.schema}` : '';
  return {
    relation: {
      database: typeof config.database === 'string' && config.database !== '' ? config.database : adapter.database,
      schema: `${adapter.schema}${custom || '_dbt_test__audit'}`,
      identifier: typeof config.alias === 'string' && config.alias !== '' ? config.alias : node.name,
    },
    kind: as === 'view' ? 'view' : 'table',
  };
}

export async function executeTest(context: MaterializationContext): Promise<MaterializationResult> {
  const config = testQueryConfig(context.node.config);
  let failingRows = context.compiledSql;
  const stored = storedFailuresOf(context);
  if (stored) {
    const { adapter, statements } = context;
    const existing = await adapter.getRelation(statements.session, stored.relation);
    await buildAndSwap(context, stored.relation, stored.kind, existing, async (tmp) => {
      if (stored.kind === 'view') await statements.execute(adapter.dialect.createViewAs(tmp, context.compiledSql));
      else await createTableAs(context, tmp, context.compiledSql);
    });
    failingRows = `select * from ${adapter.dialect.renderRelation(stored.relation)}`;
  }
  const result = await context.statements.execute(wrapTestSql(failingRows, config));
  const row = readTestRow(result.rows[0]);
  const status = testStatus(row, config.severity);
  const message = status === 'pass' ? 'PASS' : `${status.toUpperCase()} ${row.failures}`;
  return {
    status,
    message,
    failures: row.failures,
    adapterResponse: adapterResponse('SELECT 1', 'SELECT', 1),
    ...(stored ? { relation: stored.relation } : {}),
  };
}
