/**
 * Opens (creating if needed) the embedded state database file: WAL, so
 * readers (`floe status`) never wait for the writer; synchronous=NORMAL, which
 * in WAL mode cannot corrupt the file on a crash (a power cut may lose the last
 * commits, never the database); foreign keys on.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { FloeError } from '../../../errors/index.js';
import { STATE_ERROR_CODES } from '../state-errors.js';
import { retryWhileBusy } from './sqlite-busy-retry.js';

export async function openSqliteDatabase(path: string, busyTimeoutMs: number): Promise<BetterSqlite3.Database> {
  const file = resolve(path);
  let database: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    database = new Database(file);
  } catch (error) {
    throw new FloeError(STATE_ERROR_CODES.connectFailed, `Cannot open the state database ${file}: ${(error as Error).message}`, {
      hint: 'Check that the folder exists and is writable, and that the path is a file, not a folder.',
      cause: error,
    });
  }
  try {
    // 0: never block the event loop waiting for a lock; we retry asynchronously.
    database.pragma('busy_timeout = 0');
    await retryWhileBusy(() => database.pragma('journal_mode = WAL'), busyTimeoutMs, 'enable WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    return database;
  } catch (error) {
    database.close();
    if (error instanceof FloeError) throw error;
    throw new FloeError(STATE_ERROR_CODES.connectFailed, `Cannot use ${file} as a state database: ${(error as Error).message}`, {
      hint: 'The file may not be an SQLite database. Move it aside and floe will create a fresh one.',
      cause: error,
    });
  }
}
