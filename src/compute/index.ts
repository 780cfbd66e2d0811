export type {
  RelationRef,
  RelationKind,
  ExistingRelation,
  ColumnDescription,
  QueryResult,
  CsvLoadOptions,
  IncrementalMergeSpec,
  ComputeSession,
  SqlDialect,
  ComputeAdapter,
  DuckDbTargetConfig,
  PostgresTargetConfig,
  ComputeTargetConfig,
  CreateAdapterOptions,
} from './adapter.js';
export { createAdapter, computeEngineTypes } from './create-adapter.js';
export { SqlError, isSqlError } from './sql-error.js';
export type { SqlErrorOptions } from './sql-error.js';
export type { LooseTargetConfig } from './target-config.js';
export { parseCsvText } from './csv/index.js';
export type { CsvRecord } from './csv/index.js';
