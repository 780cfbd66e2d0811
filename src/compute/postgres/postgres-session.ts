/**
 * One pooled pg client. pg queues a client's queries itself, so statements
 * run in call order. `cancel()` asks the server, from a separate connection,
 * to cancel whatever this client's backend is running.
 */
import pg, { type FieldDef, type PoolClient, type QueryResult as PgQueryResult } from 'pg';
import type { ComputeSession, QueryResult } from '../adapter.js';
import type { PostgresSettings } from './postgres-config.js';
import { postgresErrorToSqlError, isServerError } from './postgres-errors.js';
import type { PostgresTypeNames } from './postgres-type-names.js';
import { TransactionScope } from '../transaction-scope.js';

export class PostgresSession implements ComputeSession {
  readonly client: PoolClient;
  /** Set when the connection failed mid-session: the pool must not reuse it. */
  broken = false;
  private readonly settings: PostgresSettings;
  private readonly typeNames: PostgresTypeNames;
  private running = 0;
  private readonly transactions = new TransactionScope((sql) => this.execute(sql), 'begin');
  private readonly onClientError = (): void => {
    this.broken = true;
  };

  constructor(client: PoolClient, settings: PostgresSettings, typeNames: PostgresTypeNames) {
    this.client = client;
    this.settings = settings;
    this.typeNames = typeNames;
    // A checked-out client has no error listener in pg-pool; without one a dropped connection would crash the process.
    client.on('error', this.onClientError);
  }

  get inTransaction(): boolean {
    return this.transactions.active;
  }

  execute(sql: string): Promise<QueryResult> {
    return this.query(sql);
  }

  /** `execute` with bound parameters ($1, $2, …); used by the adapter's metadata lookups. */
  async query(sql: string, params?: unknown[]): Promise<QueryResult> {
    this.running++;
    let results: PgQueryResult | PgQueryResult[];
    try {
      results = await this.client.query(sql, params);
    } catch (error) {
      if (!isServerError(error)) this.broken = true;
      throw postgresErrorToSqlError(error, sql, this.settings);
    } finally {
      this.running--;
    }
    // A script of several statements gives one result each: report the last, as DuckDB does.
    const result = Array.isArray(results) ? results[results.length - 1] : results;
    if (!result) return { columns: [], rows: [] };
    const columns = await this.describeColumns(result.fields ?? []);
    // rowCount is rows returned for a SELECT, rows written otherwise (CREATE TABLE AS reports as "SELECT n" with no columns).
    const writes = result.command !== 'SELECT' || columns.length === 0;
    return {
      columns,
      rows: result.rows ?? [],
      ...(writes && typeof result.rowCount === 'number' ? { rowsAffected: result.rowCount } : {}),
    };
  }

  private async describeColumns(fields: FieldDef[]): Promise<QueryResult['columns']> {
    if (fields.length === 0) return [];
    const names = await this.typeNames.namesFor(fields.map((f) => f.dataTypeID), this);
    return fields.map((field) => ({ name: field.name, dataType: names.get(field.dataTypeID) ?? `oid ${field.dataTypeID}` }));
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.transactions.run(work);
  }

  async cancel(): Promise<void> {
    if (this.running === 0) return;
    const pid = (this.client as unknown as { processID?: number }).processID;
    if (!pid) return;
    const { max: _max, ...connection } = this.settings.pool;
    const canceller = new pg.Client({ ...connection, application_name: 'floe-cancel' });
    canceller.on('error', () => undefined);
    try {
      await canceller.connect();
      await canceller.query('select pg_cancel_backend($1)', [pid]);
    } catch {
      // Cancel never throws: the server may be gone or the statement already finished.
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  release(): void {
    this.client.removeListener('error', this.onClientError);
    // Destroy rather than reuse a client that lost its connection or is stuck in a transaction.
    this.client.release(this.broken || this.transactions.active ? true : undefined);
  }
}
