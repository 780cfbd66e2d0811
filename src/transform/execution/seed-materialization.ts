/**
 * Seeds: the CSV is bulk-loaded (DuckDB's reader, PostgreSQL COPY) into
 * `__dbt_tmp`. A seed table that exists with the same columns is reloaded in
 * place, as dbt does (truncate + insert): in one transaction its rows are
 * deleted and the new ones inserted, so views reading it survive (PostgreSQL
 * would drop them with the old table). A first load, `--full-refresh`, a view
 * in the way, or changed columns or types rebuild it: built and swapped in.
 */
import type { ColumnDescription, RelationRef } from '../../compute/index.js';
import { adapterResponse, requireRelation } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { buildAndSwap, cleanUp, dropLeftover, suffixed, TMP_SUFFIX } from './relation-swap.js';

export async function materializeSeed(context: MaterializationContext): Promise<MaterializationResult> {
  const relation = requireRelation(context.node);
  const reusable = context.existing?.kind === 'table' && !context.fullRefresh;
  const rows =
    (reusable ? await reloadInPlace(context, relation) : undefined) ??
    (await buildAndSwap(context, relation, 'table', context.existing, (tmp) => loadCsv(context, tmp)));
  return {
    status: 'success',
    message: `INSERT ${rows}`,
    rowsAffected: rows,
    adapterResponse: adapterResponse(`INSERT ${rows}`, 'INSERT', rows),
    relation,
  };
}

async function loadCsv(context: MaterializationContext, into: RelationRef): Promise<number> {
  const { node, adapter, statements } = context;
  return statements.measure(
    `-- load seed ${node.originalFilePath} into ${adapter.dialect.renderRelation(into)}`,
    () =>
      adapter.loadCsv(statements.session, into, node.absolutePath, {
        delimiter: typeof node.config.delimiter === 'string' && node.config.delimiter !== '' ? node.config.delimiter : ',',
        columnTypes: node.config.column_types ?? {},
        quoteColumns: node.config.quote_columns ?? false,
      }),
    (loaded) => loaded,
  );
}

/**
 * Loads into `__dbt_tmp`, then replaces the target's rows in one transaction.
 * undefined when the CSV's columns or types differ from the table's (the
 * caller rebuilds it then; dbt would need --full-refresh, a rebuild is what
 * the user means). The tmp table is dropped whatever happens.
 */
async function reloadInPlace(context: MaterializationContext, target: RelationRef): Promise<number | undefined> {
  const { adapter, statements } = context;
  const dialect = adapter.dialect;
  const tmp = suffixed(target, TMP_SUFFIX);
  await dropLeftover(context, tmp);
  let loaded = false;
  try {
    const rows = await loadCsv(context, tmp);
    loaded = true;
    const [existingColumns, newColumns] = [await adapter.getColumns(statements.session, target), await adapter.getColumns(statements.session, tmp)];
    if (!sameColumns(existingColumns, newColumns)) return undefined;
    await statements.transaction(async () => {
      await statements.execute(dialect.deleteAllRows(target));
      const columns = newColumns.map((column) => column.name);
      for (const statement of dialect.incrementalMerge({ target, source: tmp, columns, uniqueKey: [], strategy: 'append' })) await statements.execute(statement);
    });
    return rows;
  } finally {
    if (loaded) await statements.cleanup(dialect.dropRelation(tmp, 'table')).catch(() => cleanUp(context, [tmp]));
    else await cleanUp(context, [tmp]);
  }
}

function sameColumns(existing: ColumnDescription[], loaded: ColumnDescription[]): boolean {
  if (existing.length !== loaded.length) return false;
  const types = new Map(existing.map((column) => [column.name, column.dataType.toLowerCase()]));
  return loaded.every((column) => types.get(column.name) === column.dataType.toLowerCase());
}
