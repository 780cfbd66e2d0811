/**
 * SQLite allows one writer at a time. better-sqlite3 is synchronous, so its
 * built-in busy timeout would block the whole event loop while waiting; if the
 * lock holder is another store in the same process (a transaction suspended at
 * an `await`), it could never finish and both would stall until the timeout.
 * So the busy timeout is ours: a failed lock attempt returns SQLITE_BUSY at
 * once and is retried asynchronously with backoff until the deadline.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FloeError } from '../../../errors/index.js';
import { STATE_ERROR_CODES } from '../state-errors.js';

export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Runs `attempt` until it does not fail with SQLITE_BUSY, for at most `timeoutMs`. */
export async function retryWhileBusy<T>(attempt: () => T, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delayMs = 1;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      if (Date.now() >= deadline) {
        throw new FloeError(
          STATE_ERROR_CODES.busy,
          `The state database stayed locked by another process for ${timeoutMs} ms (${what}).`,
          {
            hint: 'Another floe process is writing to the same state.db. Retry, or raise the busy timeout; for many concurrent writers use a PostgreSQL state store.',
            cause: error,
          },
        );
      }
      await sleep(delayMs + Math.random() * delayMs);
      delayMs = Math.min(delayMs * 2, 50);
    }
  }
}
