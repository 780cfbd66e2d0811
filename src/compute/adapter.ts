/**
 * The compute boundary. Every engine (DuckDB, PostgreSQL, later others) is a
 * folder under src/compute/ that implements these interfaces; the transform
 * engine never writes engine-specific SQL itself. Modelled on Kysely's
 * dialects: a small interface, one folder per engine, files named by role.
 *
 * Reference implementation: `duckdb/` (embedded, the default).
 */

/** A fully qualified relation. `database` is the catalog (DuckDB file alias / PG database). */
export interface RelationRef {
  database?: string;
  schema: string;
  identifier: string;
}

export type RelationKind = 'table' | 'view';

export interface ExistingRelation extends RelationRef {
  kind: RelationKind;
}

export interface ColumnDescription {
  name: string;
  /** The engine's type name, as the engine spells it (e.g. `INTEGER`, `character varying`). */
  dataType: string;
}

export interface QueryResult {
  columns: ColumnDescription[];
  /** Rows as plain objects keyed by column name. BigInts are converted to numbers when safe. */
  rows: Record<string, unknown>[];
  /** Rows inserted/updated/deleted, when the engine reports it. */
  rowsAffected?: number;
}

export interface CsvLoadOptions {
  delimiter: string;
  /** Explicit types for some columns, by column name; the rest are inferred. */
  columnTypes: Record<string, string>;
  /** Whether column names from the header are quoted (case kept) when creating the table. */
  quoteColumns: boolean;
}

/** How `incremental` merges new rows into an existing table. */
export interface IncrementalMergeSpec {
  target: RelationRef;
  /** A relation (usually a temporary table) holding the new rows. */
  source: RelationRef;
  /** Columns to write (both sides have them). */
  columns: string[];
  /** Empty for append. */
  uniqueKey: string[];
  strategy: 'append' | 'merge' | 'delete+insert';
}

/**
 * One connection/session. Statements on one session run in order; a
 * transaction belongs to one session. The runner takes one session per
 * worker thread, so `threads: 4` means up to four sessions at once.
 */
export interface ComputeSession {
  /**
   * Run one statement (or a script the engine accepts in one call; the last
   * statement's result is returned). Fails with a `SqlError`: code `FLOE_SQL`
   * (engine message, failing SQL, `sqlLine`/`sqlColumn` when the engine
   * reports a position) or `FLOE_COMPUTE_CANCELLED` after `cancel()`.
   */
  execute(sql: string): Promise<QueryResult>;
  /**
   * Run `work` inside BEGIN/COMMIT; ROLLBACK if it throws (then rethrow).
   * Used to swap a freshly built relation in atomically. A nested call joins
   * the transaction already open on this session (no savepoint): a failure
   * inside it rolls back the outer transaction when it propagates there.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Ask the engine to stop the statement running now, if any (Ctrl-C). Never throws. */
  cancel(): Promise<void>;
  /** True while a `transaction()` is open on this session. */
  readonly inTransaction: boolean;
}

/** Engine-specific SQL text. Pure functions: no I/O. */
export interface SqlDialect {
  quoteIdentifier(name: string): string;
  quoteString(value: string): string;
  /** `"db"."schema"."table"` (database omitted when the engine does not address it). */
  renderRelation(relation: RelationRef): string;
  createSchemaIfNotExists(database: string | undefined, schema: string): string;
  createTableAs(relation: RelationRef, selectSql: string): string;
  createViewAs(relation: RelationRef, selectSql: string): string;
  dropRelation(relation: RelationRef, kind: RelationKind): string;
  /** Empty a table, inside a transaction (a reload that keeps the relation and what depends on it). */
  deleteAllRows(relation: RelationRef): string;
  /** Rename within the same schema; `newIdentifier` is unqualified. */
  renameRelation(relation: RelationRef, kind: RelationKind, newIdentifier: string): string;
  addColumn(relation: RelationRef, column: ColumnDescription): string;
  dropColumn(relation: RelationRef, column: string): string;
  alterColumnType(relation: RelationRef, column: string, dataType: string): string;
  /** Statements (in order) that merge `spec.source` into `spec.target`. */
  incrementalMerge(spec: IncrementalMergeSpec): string[];
  /** Common type names (`string`, `integer`, `bigint`, `float`, `numeric`, `boolean`, `timestamp`, `date`) in this engine. */
  typeName(logical: string): string;
  /** SQL expression: current timestamp in this engine. */
  currentTimestamp(): string;
}

export interface ComputeAdapter {
  /** The engine name, used for `adapter.dispatch` prefixes (`duckdb__`, `postgres__`) and `target.type`. */
  readonly type: string;
  /** Default database (catalog) name for relations, as `target.database`. */
  readonly database: string;
  /** Default schema, as `target.schema`. */
  readonly schema: string;
  readonly dialect: SqlDialect;

  /** Run `work` with a session of its own, released afterwards. */
  withSession<T>(work: (session: ComputeSession) => Promise<T>): Promise<T>;

  /** Metadata lookups (each takes a session so it can run inside a transaction). */
  getRelation(session: ComputeSession, relation: RelationRef): Promise<ExistingRelation | undefined>;
  listRelations(session: ComputeSession, database: string | undefined, schema: string): Promise<ExistingRelation[]>;
  getColumns(session: ComputeSession, relation: RelationRef): Promise<ColumnDescription[]>;
  /**
   * `getColumns` for many relations at once: one catalog query per schema
   * instead of one per relation (lineage after a run describes every table
   * it touched). Returns each relation's columns in the order `relations`
   * are given; `[]` for a relation that does not exist.
   */
  getColumnsOfRelations(session: ComputeSession, relations: readonly RelationRef[]): Promise<ColumnDescription[][]>;

  /**
   * Bulk-load a CSV file into a new table `relation` (which must not exist),
   * with the engine's fast path (DuckDB's CSV reader; PostgreSQL COPY).
   * Returns the number of rows loaded.
   */
  loadCsv(session: ComputeSession, relation: RelationRef, csvPath: string, options: CsvLoadOptions): Promise<number>;

  /** A string that names the connection for lineage namespaces, without secrets: `duckdb:///abs/path.duckdb`, `postgres://host:port`. */
  readonly lineageNamespace: string;

  /** Close every connection. Idempotent. */
  close(): Promise<void>;
}

/** Connection settings from a profile target (or from the platform manifest). */
export interface DuckDbTargetConfig {
  type: 'duckdb';
  /** File path; `:memory:` for in-memory. */
  path: string;
  schema?: string;
  threads?: number;
}

export interface PostgresTargetConfig {
  type: 'postgres';
  host: string;
  port?: number;
  user: string;
  password?: string;
  dbname: string;
  schema?: string;
  threads?: number;
  /** Extra options passed to the driver (sslmode, connect_timeout, …). */
  sslmode?: string;
  connect_timeout?: number;
}

export type ComputeTargetConfig = DuckDbTargetConfig | PostgresTargetConfig;

/** How `createAdapter` resolves things the target config leaves relative. */
export interface CreateAdapterOptions {
  /** Folder a relative DuckDB `path` is resolved against. Default: `process.cwd()`. */
  projectRoot?: string;
  /** With no DuckDB `path` at all, the database is `<projectRoot>/warehouse/<projectName>.duckdb` (`:memory:` without a name). */
  projectName?: string;
  /** Overrides the target's `threads` (e.g. `--threads`): the PostgreSQL pool size. */
  threads?: number;
}
