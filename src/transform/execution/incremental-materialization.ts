/**
 * `materialized: incremental`. First run, a view in the way, or a full
 * refresh → built like a table. Otherwise the model (rendered with
 * `is_incremental()` true) is built into `__dbt_tmp`, `on_schema_change` is
 * applied, and the engine's merge (append / merge / delete+insert) runs —
 * schema changes and merge in one transaction, so a failure leaves the table
 * as it was. The tmp table is dropped whatever happens.
 */
import { FloeError } from '../../errors/index.js';
import type { IncrementalStrategy, OnSchemaChange } from '../types.js';
import { adapterResponse, requireRelation } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { cleanUp, dropLeftover, suffixed, TMP_SUFFIX } from './relation-swap.js';
import { planSchemaChange } from './schema-change.js';
import { createTableAs, materializeTable } from './table-materialization.js';

/** Whether this run appends to an existing table (what `is_incremental()` answers). */
export function runsIncrementally(context: Pick<MaterializationContext, 'existing' | 'fullRefresh'>): boolean {
  return context.existing?.kind === 'table' && !context.fullRefresh;
}

export async function materializeIncremental(context: MaterializationContext): Promise<MaterializationResult> {
  if (!runsIncrementally(context)) return materializeTable(context);
  const { node, adapter, statements } = context;
  const dialect = adapter.dialect;
  const target = requireRelation(node);
  const strategy = incrementalStrategy(context);
  const uniqueKey = uniqueKeyColumns(node.config.unique_key);
  if (strategy !== 'append' && uniqueKey.length === 0) {
    throw new FloeError('FLOE_INCREMENTAL_CONFIG', `incremental model ${node.name} uses the '${strategy}' strategy but has no unique_key`, {
      position: { file: node.originalFilePath },
      hint: "set unique_key (a column or a list of columns), or use incremental_strategy: 'append'",
    });
  }
  const tmp = suffixed(target, TMP_SUFFIX);
  await dropLeftover(context, tmp);
  let created = false;
  try {
    const rows = await createTableAs(context, tmp, context.compiledSql);
    created = true;
    const session = statements.session;
    const [existingColumns, newColumns] = [await adapter.getColumns(session, target), await adapter.getColumns(session, tmp)];
    const mode: OnSchemaChange = node.config.on_schema_change ?? 'ignore';
    const plan = planSchemaChange(node, mode, target, existingColumns, newColumns, dialect);
    await statements.transaction(async () => {
      for (const statement of plan.alterStatements) await statements.execute(statement);
      const merge = dialect.incrementalMerge({ target, source: tmp, columns: plan.columns, uniqueKey: strategy === 'append' ? [] : uniqueKey, strategy });
      for (const statement of merge) await statements.execute(statement);
    });
    const verb = strategy === 'merge' ? 'MERGE' : 'INSERT';
    return {
      status: 'success',
      message: `${verb} ${rows}`,
      rowsAffected: rows,
      adapterResponse: adapterResponse(`${verb} ${rows}`, verb, rows),
      relation: target,
    };
  } finally {
    // The tmp table is never swapped in: drop it whether the merge worked or not.
    if (created) await statements.cleanup(dialect.dropRelation(tmp, 'table')).catch(() => cleanUp(context, [tmp]));
    else await cleanUp(context, [tmp]);
  }
}

/** dbt's default strategy is append without a unique_key and merge with one (dbt-postgres/duckdb use delete+insert; merge behaves the same here). */
function incrementalStrategy(context: MaterializationContext): IncrementalStrategy {
  const configured = context.node.config.incremental_strategy;
  if (configured === 'append' || configured === 'merge' || configured === 'delete+insert') return configured;
  if (configured !== undefined) {
    throw new FloeError('FLOE_INCREMENTAL_CONFIG', `incremental model ${context.node.name}: unknown incremental_strategy '${String(configured)}'`, {
      position: { file: context.node.originalFilePath },
      hint: "use 'append', 'merge' or 'delete+insert'",
    });
  }
  return uniqueKeyColumns(context.node.config.unique_key).length > 0 ? 'delete+insert' : 'append';
}

export function uniqueKeyColumns(uniqueKey: string | string[] | undefined): string[] {
  if (uniqueKey === undefined || uniqueKey === null) return [];
  const list = Array.isArray(uniqueKey) ? uniqueKey : [uniqueKey];
  return list.map((column) => String(column).trim()).filter((column) => column !== '');
}
