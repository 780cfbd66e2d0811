export { deriveColumnLineage } from './derive-column-lineage.js';
export type { ColumnLineageInput, DeriveColumnLineageOptions } from './derive-column-lineage.js';
export { parseSqlWithDuckDb } from './parse-sql-with-duckdb.js';
