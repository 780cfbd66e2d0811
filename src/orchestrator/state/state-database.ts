/** Opens a Kysely instance over the configured state database. */
import { Kysely } from './kysely-runtime.js';
import { FloeError } from '../../errors/index.js';
import type { StateDatabase } from './database-schema.js';
import { openSqliteDatabase } from './sqlite/open-sqlite-database.js';
import { SqliteStateDialect } from './sqlite/sqlite-state-dialect.js';
import { STATE_ERROR_CODES } from './state-errors.js';
import {
  DEFAULT_POSTGRES_POOL_SIZE,
  DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
  type StateStoreConfig,
} from './state-store-config.js';
import type { StateStoreKind } from './state-store.js';

export interface StateDatabaseHandle {
  kind: StateStoreKind;
  /** Scoped to the configured schema, when there is one. */
  db: Kysely<StateDatabase>;
  schema: string | undefined;
}

export async function openStateDatabase(config: StateStoreConfig): Promise<StateDatabaseHandle> {
  if (config.kind === 'sqlite') {
    if (!config.path) throw invalidConfig('The SQLite state store needs a file path.');
    const busyTimeoutMs = config.busyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS;
    const database = await openSqliteDatabase(config.path, busyTimeoutMs);
    return { kind: 'sqlite', db: new Kysely<StateDatabase>({ dialect: new SqliteStateDialect(database, busyTimeoutMs) }), schema: undefined };
  }
  if (config.kind === 'postgres') {
    if (!config.url) throw invalidConfig('The PostgreSQL state store needs a database URL.');
    if (config.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(config.schema)) {
      throw invalidConfig(`"${config.schema}" is not a usable schema name: use letters, digits and underscores.`);
    }
    // Imported here, not with the file: `pg` costs ~45 ms to load and the embedded SQLite store never needs it.
    const { connectPostgresState } = await import('./postgres/postgres-state-dialect.js');
    const { dialect } = await connectPostgresState(config.url, config.poolSize ?? DEFAULT_POSTGRES_POOL_SIZE);
    const base = new Kysely<StateDatabase>({ dialect });
    return { kind: 'postgres', db: config.schema ? base.withSchema(config.schema) : base, schema: config.schema };
  }
  throw invalidConfig(`Unknown state store kind "${(config as { kind: unknown }).kind}".`);
}

function invalidConfig(message: string): FloeError {
  return new FloeError(STATE_ERROR_CODES.invalidOptions, message, {
    hint: "Use { kind: 'sqlite', path } or { kind: 'postgres', url, schema? }.",
  });
}
