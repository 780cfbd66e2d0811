/** PostgreSQL through `pg`: one pool per adapter (sized by `threads`), one pooled client per session. */
import pg from 'pg';
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
import { readPostgresSettings, type PostgresSettings } from './postgres-config.js';
import { PostgresDialect } from './postgres-dialect.js';
import { connectionError } from './postgres-errors.js';
import { PostgresSession } from './postgres-session.js';
import { PostgresTypeNames } from './postgres-type-names.js';
import { loadCsvWithPostgres } from './postgres-csv-load.js';

const RELATION_KINDS = `c.relkind in ('r', 'p', 'f', 'v', 'm')`;

export class PostgresAdapter implements ComputeAdapter {
  readonly type = 'postgres';
  readonly database: string;
  readonly schema: string;
  readonly dialect: PostgresDialect;
  readonly lineageNamespace: string;
  private readonly settings: PostgresSettings;
  private readonly pool: pg.Pool;
  private readonly typeNames = new PostgresTypeNames();
  private closed = false;
  private readonly sessions = new Set<PostgresSession>();

  private constructor(settings: PostgresSettings) {
    this.settings = settings;
    this.database = settings.dbname;
    this.schema = settings.schema;
    this.dialect = new PostgresDialect(settings.dbname);
    this.lineageNamespace = `postgres://${settings.host}:${settings.port}`;
    this.pool = new pg.Pool(settings.pool);
    // An idle client whose server went away emits here; without a listener it would crash the process.
    this.pool.on('error', () => undefined);
  }

  /** Opens the pool and checks one connection, so a bad host or password fails here rather than mid-run. */
  static async create(config: LooseTargetConfig, options: CreateAdapterOptions = {}): Promise<PostgresAdapter> {
    const adapter = new PostgresAdapter(readPostgresSettings(config, options));
    try {
      const client = await adapter.connect();
      client.release();
    } catch (error) {
      await adapter.close();
      throw error;
    }
    return adapter;
  }

  private async connect(): Promise<pg.PoolClient> {
    if (this.closed) throw new FloeError('FLOE_COMPUTE_CLOSED', 'the PostgreSQL adapter is closed', { hint: 'create a new adapter with createAdapter()' });
    try {
      return await this.pool.connect();
    } catch (error) {
      throw connectionError(error, this.settings);
    }
  }

  async withSession<T>(work: (session: ComputeSession) => Promise<T>): Promise<T> {
    const session = new PostgresSession(await this.connect(), this.settings, this.typeNames);
    this.sessions.add(session);
    try {
      return await work(session);
    } finally {
      this.sessions.delete(session);
      session.release();
    }
  }

  async getRelation(session: ComputeSession, relation: RelationRef): Promise<ExistingRelation | undefined> {
    if (relation.database !== undefined && relation.database !== this.database) return undefined;
    const result = await ownSession(session).query(
      `select n.nspname as schema, c.relname as identifier, c.relkind as kind
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relname = $2 and ${RELATION_KINDS}`,
      [relation.schema, relation.identifier],
    );
    return result.rows.map((row) => this.toExistingRelation(row))[0];
  }

  async listRelations(session: ComputeSession, database: string | undefined, schema: string): Promise<ExistingRelation[]> {
    if (database !== undefined && database !== this.database) return [];
    const result = await ownSession(session).query(
      `select n.nspname as schema, c.relname as identifier, c.relkind as kind
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and ${RELATION_KINDS} order by c.relname`,
      [schema],
    );
    return result.rows.map((row) => this.toExistingRelation(row));
  }

  async getColumns(session: ComputeSession, relation: RelationRef): Promise<ColumnDescription[]> {
    if (relation.database !== undefined && relation.database !== this.database) return [];
    const result = await ownSession(session).query(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as data_type
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_class c on c.oid = a.attrelid
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
       order by a.attnum`,
      [relation.schema, relation.identifier],
    );
    return result.rows.map((row) => ({ name: String(row.name), dataType: String(row.data_type) }));
  }

  getColumnsOfRelations(session: ComputeSession, relations: readonly RelationRef[]): Promise<ColumnDescription[][]> {
    const own = ownSession(session);
    return columnsBySchema(relations, { defaultDatabase: this.database, caseInsensitive: false }, async ({ database, schema, identifiers }) => {
      if (database !== this.database) return []; // another database is out of this connection's reach, as in getColumns
      const result = await own.query(
        `select c.relname as identifier, a.attname as name, format_type(a.atttypid, a.atttypmod) as data_type
         from pg_catalog.pg_attribute a
         join pg_catalog.pg_class c on c.oid = a.attrelid
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace
         where n.nspname = $1 and c.relname = any($2::text[]) and ${RELATION_KINDS} and a.attnum > 0 and not a.attisdropped
         order by c.relname, a.attnum`,
        [schema, identifiers],
      );
      return result.rows.map((row) => ({ identifier: String(row.identifier), column: { name: String(row.name), dataType: String(row.data_type) } }));
    });
  }

  loadCsv(session: ComputeSession, relation: RelationRef, csvPath: string, options: CsvLoadOptions): Promise<number> {
    return loadCsvWithPostgres(ownSession(session), this.settings, this.dialect, relation, csvPath, options);
  }

  /** Cancels statements still running in open sessions, then ends the pool once their clients are back. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let ended = false;
    const ending = this.pool.end().then(
      () => (ended = true),
      () => (ended = true),
    );
    // pool.end() waits for checked-out clients; cancel until their statements stop and they come back.
    while (!ended) {
      await Promise.all([...this.sessions].map((session) => session.cancel()));
      await Promise.race([ending, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
  }

  private toExistingRelation(row: Record<string, unknown>): ExistingRelation {
    return {
      database: this.database,
      schema: String(row.schema),
      identifier: String(row.identifier),
      kind: row.kind === 'v' || row.kind === 'm' ? 'view' : 'table',
    };
  }
}

function ownSession(session: ComputeSession): PostgresSession {
  if (session instanceof PostgresSession) return session;
  throw new FloeError('FLOE_COMPUTE_SESSION', 'a PostgreSQL adapter was handed a session from another adapter', {
    hint: 'use the session from this adapter’s withSession()',
  });
}
