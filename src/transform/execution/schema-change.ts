/**
 * `on_schema_change` for incremental models: compare the new rows' columns
 * with the existing table's and decide what to alter and which columns the
 * merge writes. Pure: returns statements, runs nothing.
 */
import { FloeError } from '../../errors/index.js';
import type { ColumnDescription, RelationRef, SqlDialect } from '../../compute/index.js';
import type { ManifestNode, OnSchemaChange } from '../types.js';

export interface SchemaChangePlan {
  /** ALTER statements to run on the target, in order. */
  alterStatements: string[];
  /** Columns the merge writes (names as the new rows spell them). */
  columns: string[];
  added: ColumnDescription[];
  removed: ColumnDescription[];
  changedType: Array<{ name: string; from: string; to: string }>;
}

const key = (name: string): string => name.toLowerCase();

export function planSchemaChange(
  node: ManifestNode,
  mode: OnSchemaChange,
  target: RelationRef,
  existingColumns: ColumnDescription[],
  newColumns: ColumnDescription[],
  dialect: SqlDialect,
): SchemaChangePlan {
  const existingByName = new Map(existingColumns.map((column) => [key(column.name), column]));
  const newByName = new Map(newColumns.map((column) => [key(column.name), column]));
  const added = newColumns.filter((column) => !existingByName.has(key(column.name)));
  const removed = existingColumns.filter((column) => !newByName.has(key(column.name)));
  const changedType = newColumns
    .filter((column) => {
      const existing = existingByName.get(key(column.name));
      return existing !== undefined && normaliseType(existing.dataType) !== normaliseType(column.dataType);
    })
    .map((column) => ({ name: column.name, from: existingByName.get(key(column.name))?.dataType ?? '', to: column.dataType }));
  const shared = existingColumns.filter((column) => newByName.has(key(column.name))).map((column) => column.name);
  const plan: SchemaChangePlan = { alterStatements: [], columns: shared, added, removed, changedType };

  switch (mode) {
    case 'fail':
      if (added.length > 0 || removed.length > 0) {
        const parts = [
          added.length > 0 ? `added column(s) ${added.map((c) => c.name).join(', ')}` : '',
          removed.length > 0 ? `removed column(s) ${removed.map((c) => c.name).join(', ')}` : '',
        ].filter(Boolean);
        throw new FloeError('FLOE_SCHEMA_CHANGE', `incremental model ${node.name}: the new rows' columns differ from ${dialect.renderRelation(target)}: ${parts.join('; ')}`, {
          position: { file: node.originalFilePath },
          hint: "set on_schema_change to 'append_new_columns' or 'sync_all_columns', or rebuild with --full-refresh",
        });
      }
      return plan;
    case 'append_new_columns':
      plan.alterStatements = added.map((column) => dialect.addColumn(target, column));
      plan.columns = [...shared, ...added.map((column) => column.name)];
      return plan;
    case 'sync_all_columns':
      plan.alterStatements = [
        ...removed.map((column) => dialect.dropColumn(target, column.name)),
        ...added.map((column) => dialect.addColumn(target, column)),
        ...changedType.map((change) => dialect.alterColumnType(target, existingByName.get(key(change.name))?.name ?? change.name, change.to)),
      ];
      plan.columns = newColumns.map((column) => column.name);
      return plan;
    case 'ignore':
    default:
      // dbt writes the existing table's columns; new columns are not added.
      return plan;
  }
}

function normaliseType(type: string): string {
  return type.toLowerCase().replace(/\s+/g, ' ').trim();
}
