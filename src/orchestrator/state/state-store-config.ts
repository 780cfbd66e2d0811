/** Where the state lives, and how to connect to it. */
import { join } from 'node:path';

export interface SqliteStateStoreConfig {
  kind: 'sqlite';
  /** The database file; created with its folder if missing. Default `.floe/state.db`. */
  path: string;
  /** How long a write waits for another process's lock before FLOE_STATE_BUSY. Default 10000. */
  busyTimeoutMs?: number;
}

export interface PostgresStateStoreConfig {
  kind: 'postgres';
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Keep floe's tables in this schema (created by the migration); default: the connection's search_path. */
  schema?: string;
  /** Connections per process. Default 5. */
  poolSize?: number;
}

export type StateStoreConfig = SqliteStateStoreConfig | PostgresStateStoreConfig;

export const DEFAULT_SQLITE_STATE_PATH = join('.floe', 'state.db');
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 10_000;
export const DEFAULT_POSTGRES_POOL_SIZE = 5;

/** The embedded store of a project: `<projectDir>/.floe/state.db`. */
export function embeddedStateStoreConfig(projectDir: string): SqliteStateStoreConfig {
  return { kind: 'sqlite', path: join(projectDir, DEFAULT_SQLITE_STATE_PATH) };
}
