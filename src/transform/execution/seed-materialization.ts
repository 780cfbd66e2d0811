/**
 * Seeds: the CSV is bulk-loaded (DuckDB's reader, PostgreSQL COPY) into
 * `__dbt_tmp` and swapped in. Like dbt, a seed is fully rebuilt each run.
 */
import { adapterResponse, requireRelation } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { buildAndSwap } from './relation-swap.js';

export async function materializeSeed(context: MaterializationContext): Promise<MaterializationResult> {
  const { node, adapter, statements } = context;
  const relation = requireRelation(node);
  const rows = await buildAndSwap(context, relation, 'table', context.existing, (tmp) =>
    statements.measure(
      `-- load seed ${node.originalFilePath} into ${adapter.dialect.renderRelation(tmp)}`,
      () =>
        adapter.loadCsv(statements.session, tmp, node.absolutePath, {
          delimiter: typeof node.config.delimiter === 'string' && node.config.delimiter !== '' ? node.config.delimiter : ',',
          columnTypes: node.config.column_types ?? {},
          quoteColumns: node.config.quote_columns ?? false,
        }),
      (loaded) => loaded,
    ),
  );
  return {
    status: 'success',
    message: `INSERT ${rows}`,
    rowsAffected: rows,
    adapterResponse: adapterResponse(`INSERT ${rows}`, 'INSERT', rows),
    relation,
  };
}
