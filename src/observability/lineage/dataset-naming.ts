/**
 * OpenLineage dataset naming for the engines floe runs on: the namespace names
 * the data source (`duckdb://<file>`, `postgres://host:port`), the name is
 * `database.schema.table`.
 */
export interface RelationName {
  database?: string;
  schema: string;
  identifier: string;
}

export type DatasetSource =
  | { type: 'duckdb'; path: string }
  | { type: 'postgres'; host: string; port?: number };

export function datasetNamespace(source: DatasetSource): string {
  if (source.type === 'duckdb') return `duckdb://${source.path}`;
  return `postgres://${source.host}:${source.port ?? 5432}`;
}

export function datasetName(relation: RelationName): string {
  return [relation.database, relation.schema, relation.identifier].filter((part) => part !== undefined && part !== '').join('.');
}
