/**
 * The error every engine turns its SQL failures into, so the transform engine
 * can point at the offending line of a model's compiled SQL without knowing
 * which engine ran it.
 */
import { FloeError } from '../errors/index.js';

export interface SqlErrorOptions {
  /** 1-based line within `sql` the engine pointed at. */
  sqlLine?: number;
  /** 1-based column within that line. */
  sqlColumn?: number;
  /** The engine's own error code (PostgreSQL SQLSTATE, DuckDB error type). */
  engineCode?: string;
  hint?: string;
  cause?: unknown;
  /** `FLOE_COMPUTE_CANCELLED` when the statement stopped because `cancel()` was called. */
  code?: 'FLOE_SQL' | 'FLOE_COMPUTE_CANCELLED';
}

export class SqlError extends FloeError {
  /** The SQL that failed, exactly as sent. */
  readonly sql: string;
  readonly sqlLine?: number;
  readonly sqlColumn?: number;
  readonly engineCode?: string;

  constructor(message: string, sql: string, options: SqlErrorOptions = {}) {
    const code = options.code ?? 'FLOE_SQL';
    super(code, message, {
      hint:
        options.hint ??
        (code === 'FLOE_COMPUTE_CANCELLED'
          ? 'the statement was cancelled on request; run again to finish it'
          : 'fix the SQL and run again'),
      detail: options.sqlLine === undefined ? undefined : pointAtLine(sql, options.sqlLine, options.sqlColumn),
      cause: options.cause,
    });
    this.name = 'SqlError';
    this.sql = sql;
    this.sqlLine = options.sqlLine;
    this.sqlColumn = options.sqlColumn;
    this.engineCode = options.engineCode;
  }

  get cancelled(): boolean {
    return this.code === 'FLOE_COMPUTE_CANCELLED';
  }
}

export function isSqlError(value: unknown): value is SqlError {
  return value instanceof SqlError;
}

/** 1-based line and column of a 1-based character offset into `sql` (PostgreSQL's `position`). */
export function lineAndColumnAt(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, Math.max(0, offset - 1));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** `line 3: select x from t` with a caret under the column, for `FloeError.detail`. */
export function pointAtLine(sql: string, line: number, column?: number): string | undefined {
  const text = sql.split('\n')[line - 1];
  if (text === undefined) return undefined;
  const label = `line ${line}: `;
  const shown = text.replace(/\t/g, ' ');
  if (column === undefined || column < 1) return `${label}${shown}`;
  return `${label}${shown}\n${' '.repeat(label.length + column - 1)}^`;
}
