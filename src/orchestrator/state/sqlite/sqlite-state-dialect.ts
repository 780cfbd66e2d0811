/**
 * Kysely's SQLite dialect with our driver, and an adapter that declares
 * transactional DDL (SQLite has it), so the Migrator runs all pending
 * migrations in one BEGIN IMMEDIATE transaction: two processes opening a
 * fresh state.db at once migrate it exactly once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect } from '../kysely-runtime.js';
import type { DialectAdapter, Driver } from 'kysely';
import { SqliteStateDriver } from './sqlite-state-driver.js';

class SqliteStateAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class SqliteStateDialect extends SqliteDialect {
  readonly #database: BetterSqlite3.Database;
  readonly #busyTimeoutMs: number;

  constructor(database: BetterSqlite3.Database, busyTimeoutMs: number) {
    super({ database });
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override createDriver(): Driver {
    return new SqliteStateDriver(this.#database, this.#busyTimeoutMs);
  }

  override createAdapter(): DialectAdapter {
    return new SqliteStateAdapter();
  }
}
