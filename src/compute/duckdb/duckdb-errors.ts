/**
 * DuckDB reports errors as text: "Binder Error: …" followed, when it knows
 * where, by "LINE n: <excerpt>" and a caret line. We keep the engine's message,
 * and turn the LINE/caret into `sqlLine`/`sqlColumn` of the SQL we sent.
 */
import { SqlError } from '../sql-error.js';

const LOCATION = /\n*LINE (\d+): ([^\n]*)\n( *)\^/;

export function duckDbErrorToSqlError(error: unknown, sql: string): SqlError {
  const raw = error instanceof Error ? error.message : String(error);
  const engineCode = /^([A-Za-z ]+?) Error:/.exec(raw)?.[1];
  if (engineCode?.toUpperCase() === 'INTERRUPT') {
    return new SqlError('statement cancelled: ' + raw, sql, { code: 'FLOE_COMPUTE_CANCELLED', engineCode, cause: error });
  }
  const match = LOCATION.exec(raw);
  const message = (match ? raw.slice(0, match.index) : raw).trim();
  if (!match) return new SqlError(message, sql, { engineCode, cause: error });
  const line = Number(match[1]);
  return new SqlError(message, sql, { engineCode, sqlLine: line, sqlColumn: caretColumn(sql, line, match[2], match[3].length - `LINE ${match[1]}: `.length), cause: error });
}

/** DuckDB may shorten a long line to a window ("...middle..."); find that window in the real line. */
function caretColumn(sql: string, line: number, excerpt: string, caretOffset: number): number | undefined {
  const text = sql.split('\n')[line - 1];
  if (text === undefined || caretOffset < 0) return undefined;
  let window = excerpt;
  let shift = 0;
  if (window.startsWith('...')) {
    window = window.slice(3);
    shift = 3;
  }
  if (window.endsWith('...')) window = window.slice(0, -3);
  const start = text.indexOf(window);
  if (start < 0) return undefined;
  return start + caretOffset - shift + 1;
}
