/** `materialized: table` — CREATE TABLE AS into `__dbt_tmp`, then swap (see relation-swap.ts). */
import type { RelationRef } from '../../compute/index.js';
import { adapterResponse, requireRelation } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { buildAndSwap } from './relation-swap.js';

export async function materializeTable(context: MaterializationContext): Promise<MaterializationResult> {
  const relation = requireRelation(context.node);
  const rows = await buildAndSwap(context, relation, 'table', context.existing, (tmp) => createTableAs(context, tmp, context.compiledSql));
  return {
    status: 'success',
    message: `CREATE TABLE (${rows} rows)`,
    rowsAffected: rows,
    adapterResponse: adapterResponse(`CREATE TABLE ${rows}`, 'CREATE TABLE', rows),
    relation,
  };
}

/** CREATE TABLE AS, returning the row count (asked separately when the engine does not report it). */
export async function createTableAs(context: MaterializationContext, relation: RelationRef, selectSql: string): Promise<number> {
  const { adapter, statements } = context;
  const created = await statements.execute(adapter.dialect.createTableAs(relation, selectSql));
  if (created.rowsAffected !== undefined && created.rowsAffected >= 0) return created.rowsAffected;
  const counted = await statements.execute(`select count(*) as row_count from ${adapter.dialect.renderRelation(relation)}`);
  return Number(counted.rows[0]?.row_count ?? 0);
}
