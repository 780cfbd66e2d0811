/**
 * The PostgreSQL state store connection: Kysely's PostgresDialect over a `pg`
 * pool, checked once at open so a wrong URL fails with a clear error rather
 * than at the first write.
 */
import { PostgresDialect } from '../kysely-runtime.js';
import pg from 'pg';
import { FloeError } from '../../../errors/index.js';
import { STATE_ERROR_CODES } from '../state-errors.js';

export interface PostgresStateConnection {
  dialect: PostgresDialect;
  pool: pg.Pool;
}

export async function connectPostgresState(url: string, poolSize: number): Promise<PostgresStateConnection> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'floe-state' });
  // An idle client losing its server emits 'error' on the pool, which would
  // crash the process if unhandled; the next query reports the problem instead.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new FloeError(
      STATE_ERROR_CODES.connectFailed,
      `Cannot connect to the state database ${redactUrl(url)}: ${(error as Error).message}`,
      { hint: 'Check the orchestrator database URL in the manifest (host, port, database, user) and that PostgreSQL is running.', cause: error },
    );
  }
  return { dialect: new PostgresDialect({ pool }), pool };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid URL>';
  }
}
