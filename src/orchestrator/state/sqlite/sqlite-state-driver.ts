/**
 * A Kysely driver for the embedded state store over one better-sqlite3
 * connection. It differs from Kysely's SqliteDriver in two ways that matter
 * when several processes (or several stores in one process) share a file:
 * write transactions start with BEGIN IMMEDIATE, so the write lock is taken up
 * front and a transaction never fails half-way on a lock upgrade; and lock
 * waits are asynchronous retries (see sqlite-busy-retry.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode } from '../kysely-runtime.js';
import type { DatabaseConnection, Driver, QueryResult } from 'kysely';
import { retryWhileBusy } from './sqlite-busy-retry.js';

export class SqliteStateDriver implements Driver {
  readonly #database: BetterSqlite3.Database;
  readonly #busyTimeoutMs: number;
  readonly #mutex = new ConnectionMutex();
  readonly #connection: SqliteStateConnection;

  constructor(database: BetterSqlite3.Database, busyTimeoutMs: number) {
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#connection = new SqliteStateConnection(database, busyTimeoutMs);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection: wait until the previous user released it.
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    await retryWhileBusy(() => this.#database.exec('begin immediate'), this.#busyTimeoutMs, 'begin transaction');
  }

  async commitTransaction(): Promise<void> {
    this.#database.exec('commit');
  }

  async rollbackTransaction(): Promise<void> {
    if (this.#database.inTransaction) this.#database.exec('rollback');
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    if (this.#database.open) this.#database.close();
  }
}

class SqliteStateConnection implements DatabaseConnection {
  readonly #database: BetterSqlite3.Database;
  readonly #busyTimeoutMs: number;

  constructor(database: BetterSqlite3.Database, busyTimeoutMs: number) {
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const run = (): QueryResult<R> => this.#execute<R>(compiledQuery);
    // Inside a transaction we already hold the lock; a lone statement is its
    // own transaction and is safe to retry as a whole.
    if (this.#database.inTransaction) return run();
    return retryWhileBusy(run, this.#busyTimeoutMs, 'statement');
  }

  #execute<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const statement = this.#database.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(...parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error('The SQLite state driver only streams select queries.');
    const statement = this.#database.prepare(compiledQuery.sql);
    for (const row of statement.iterate(...(compiledQuery.parameters as unknown[]))) yield { rows: [row as R] };
  }
}

class ConnectionMutex {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  unlock(): void {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }
}
