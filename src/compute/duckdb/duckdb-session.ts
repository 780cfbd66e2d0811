/**
 * One DuckDB connection. Statements are queued so they run one after another
 * even when callers do not await each other; `cancel()` interrupts the one
 * running now.
 */
import { DuckDBConnection, DuckDBTypeId, ResultReturnType, StatementType, type DuckDBValue } from '@duckdb/node-api';
import type { ComputeSession, QueryResult } from '../adapter.js';
import { SqlError } from '../sql-error.js';
import { duckDbErrorToSqlError } from './duckdb-errors.js';
import { plainValueConverter } from './duckdb-values.js';
import { TransactionScope } from '../transaction-scope.js';

export class DuckDbSession implements ComputeSession {
  readonly connection: DuckDBConnection;
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;
  private readonly transactions = new TransactionScope((sql) => this.execute(sql), 'begin transaction');
  private closed = false;

  constructor(connection: DuckDBConnection) {
    this.connection = connection;
  }

  get inTransaction(): boolean {
    return this.transactions.active;
  }

  execute(sql: string): Promise<QueryResult> {
    return this.query(sql);
  }

  /** `execute` with bound parameters ($1, $2, …); used by the adapter's metadata lookups. */
  query(sql: string, params?: DuckDBValue[]): Promise<QueryResult> {
    const run = this.queue.then(() => this.runNow(sql, params));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runNow(sql: string, params?: DuckDBValue[]): Promise<QueryResult> {
    if (this.closed) throw new SqlError('statement not run: the session was closed', sql, { code: 'FLOE_COMPUTE_CANCELLED' });
    this.running = true;
    try {
      const result = await this.connection.run(sql, params);
      const columns = result.columnNames().map((name, index) => ({ name, dataType: result.columnType(index).toString() }));
      if (result.returnType === ResultReturnType.CHANGED_ROWS) {
        return { columns: [], rows: [], rowsAffected: result.rowsChanged };
      }
      const rows = await result.convertRowObjects(plainValueConverter);
      if (result.statementType === StatementType.CREATE && columns.length === 1 && columns[0].name === 'Count' && result.columnTypeId(0) === DuckDBTypeId.BIGINT) {
        // CREATE TABLE … AS reports the rows it wrote as a one-row "Count" result.
        return { columns: [], rows: [], rowsAffected: Number(rows[0]?.Count ?? 0) };
      }
      if (result.returnType !== ResultReturnType.QUERY_RESULT) return { columns: [], rows: [] };
      return { columns, rows };
    } catch (error) {
      throw duckDbErrorToSqlError(error, sql);
    } finally {
      this.running = false;
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.transactions.run(work);
  }

  async cancel(): Promise<void> {
    if (!this.running) return;
    try {
      this.connection.interrupt();
    } catch {
      // Cancel never throws: the statement may have just finished.
    }
  }

  /** Interrupt what runs, wait for the queue to drain, then disconnect (never mid-statement). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Interrupt until the queue drains: an interrupt that lands just before a statement starts is lost.
    let drained = false;
    const done = this.queue.then(() => {
      drained = true;
    });
    while (!drained) {
      await this.cancel();
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    try {
      this.connection.closeSync();
    } catch {
      // Already closed with its instance.
    }
  }
}
