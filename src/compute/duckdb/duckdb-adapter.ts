/**
 * The reference adapter: embedded DuckDB through @duckdb/node-api. One
 * DuckDBInstance (the open file) per adapter, one connection per session.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import { FloeError } from '../../errors/index.js';
import type {
  ColumnDescription,
  ComputeAdapter,
  ComputeSession,
  CreateAdapterOptions,
  CsvLoadOptions,
  ExistingRelation,
  RelationRef,
} from '../adapter.js';
import { columnsBySchema } from '../columns-by-schema.js';
import type { LooseTargetConfig } from '../target-config.js';
import { readDuckDbSettings, type DuckDbSettings } from './duckdb-config.js';
import { DuckDbDialect } from './duckdb-dialect.js';
import { DuckDbSession } from './duckdb-session.js';
import { loadCsvWithDuckDb } from './duckdb-csv-load.js';

export class DuckDbAdapter implements ComputeAdapter {
  readonly type = 'duckdb';
  readonly database: string;
  readonly schema: string;
  readonly dialect: DuckDbDialect;
  readonly lineageNamespace: string;
  /** Absolute path of the database file, or `:memory:`. */
  readonly path: string;
  private instance: DuckDBInstance | undefined;
  private readonly sessions = new Set<DuckDbSession>();

  private constructor(instance: DuckDBInstance, settings: DuckDbSettings, database: string) {
    this.instance = instance;
    this.path = settings.path;
    this.schema = settings.schema;
    this.database = database;
    this.dialect = new DuckDbDialect(database);
    this.lineageNamespace = `duckdb://${settings.path.startsWith('/') ? '' : '/'}${settings.path}`;
  }

  static async create(config: LooseTargetConfig, options: CreateAdapterOptions = {}): Promise<DuckDbAdapter> {
    const settings = readDuckDbSettings(config, options);
    let instance: DuckDBInstance;
    try {
      if (!settings.path.startsWith(':memory:')) mkdirSync(dirname(settings.path), { recursive: true });
      instance = await DuckDBInstance.create(settings.path);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new FloeError('FLOE_COMPUTE_CONNECT', `could not open the DuckDB database ${settings.path}: ${message}`, {
        hint: /lock/i.test(message)
          ? 'another process has this database file open (another floe run, or a DuckDB shell); close it and run again'
          : "check the target's `path` in profiles.yml and that its folder is writable",
        cause: error,
      });
    }
    // DuckDB names the catalog after the file (my-db.duckdb → "my-db"), ":memory:" → "memory": ask rather than guess.
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll('select current_database() as database');
      const database = String(reader.getRowObjectsJS()[0].database);
      return new DuckDbAdapter(instance, settings, database);
    } finally {
      connection.closeSync();
    }
  }

  async withSession<T>(work: (session: ComputeSession) => Promise<T>): Promise<T> {
    if (!this.instance) throw closedError();
    const session = new DuckDbSession(await this.instance.connect());
    this.sessions.add(session);
    try {
      return await work(session);
    } finally {
      this.sessions.delete(session);
      await session.close();
    }
  }

  async getRelation(session: ComputeSession, relation: RelationRef): Promise<ExistingRelation | undefined> {
    const result = await ownSession(session).query(`${RELATIONS_SQL} and name collate nocase = $3`, [
      relation.database ?? this.database,
      relation.schema,
      relation.identifier,
    ]);
    return result.rows.map(toExistingRelation)[0];
  }

  async listRelations(session: ComputeSession, database: string | undefined, schema: string): Promise<ExistingRelation[]> {
    const result = await ownSession(session).query(`${RELATIONS_SQL} order by name`, [database ?? this.database, schema]);
    return result.rows.map(toExistingRelation);
  }

  async getColumns(session: ComputeSession, relation: RelationRef): Promise<ColumnDescription[]> {
    const result = await ownSession(session).query(
      `select column_name, data_type from duckdb_columns()
       where database_name collate nocase = $1 and schema_name collate nocase = $2 and table_name collate nocase = $3
       order by column_index`,
      [relation.database ?? this.database, relation.schema, relation.identifier],
    );
    return result.rows.map((row) => ({ name: String(row.column_name), dataType: String(row.data_type) }));
  }

  getColumnsOfRelations(session: ComputeSession, relations: readonly RelationRef[]): Promise<ColumnDescription[][]> {
    const own = ownSession(session);
    return columnsBySchema(relations, { defaultDatabase: this.database, caseInsensitive: true }, async ({ database, schema, identifiers }) => {
      const result = await own.query(
        `select table_name, column_name, data_type from duckdb_columns()
         where database_name collate nocase = $1 and schema_name collate nocase = $2 and list_contains($3, lower(table_name))
         order by table_name, column_index`,
        [database, schema, listValue(identifiers.map((identifier) => identifier.toLowerCase()))],
      );
      return result.rows.map((row) => ({ identifier: String(row.table_name), column: { name: String(row.column_name), dataType: String(row.data_type) } }));
    });
  }

  loadCsv(session: ComputeSession, relation: RelationRef, csvPath: string, options: CsvLoadOptions): Promise<number> {
    return loadCsvWithDuckDb(ownSession(session), this.dialect, relation, csvPath, options);
  }

  /** Cancels statements still running in open sessions, then closes the file. */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    await Promise.all([...this.sessions].map((session) => session.close()));
    this.sessions.clear();
    instance?.closeSync();
  }
}

/**
 * Tables and user views of one catalog and schema ($1, $2). DuckDB names are
 * case-insensitive, hence `collate nocase`; the catalog functions are much
 * lighter than information_schema (this runs several times per model).
 */
const RELATIONS_SQL = `select * from (
    select database_name, schema_name, table_name as name, 'table' as kind from duckdb_tables()
    union all
    select database_name, schema_name, view_name, 'view' from duckdb_views() where not internal
  ) where database_name collate nocase = $1 and schema_name collate nocase = $2`;

function toExistingRelation(row: Record<string, unknown>): ExistingRelation {
  return {
    database: String(row.database_name),
    schema: String(row.schema_name),
    identifier: String(row.name),
    kind: row.kind === 'view' ? 'view' : 'table',
  };
}

function ownSession(session: ComputeSession): DuckDbSession {
  if (session instanceof DuckDbSession) return session;
  throw new FloeError('FLOE_COMPUTE_SESSION', 'a DuckDB adapter was handed a session from another adapter', {
    hint: 'use the session from this adapter’s withSession()',
  });
}

function closedError(): FloeError {
  return new FloeError('FLOE_COMPUTE_CLOSED', 'the DuckDB adapter is closed', { hint: 'create a new adapter with createAdapter()' });
}
