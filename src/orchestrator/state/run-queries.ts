/** Small queries several store operations share. */
import type { Kysely, Transaction } from 'kysely';
import type { StateDatabase } from './database-schema.js';
import { runNotFoundError } from './state-errors.js';

type Database = Kysely<StateDatabase> | Transaction<StateDatabase>;

/**
 * Throws FLOE_STATE_RUN_NOT_FOUND unless the run exists. With `lockForAppend`
 * (PostgreSQL only) it also takes the run's row lock until the transaction ends.
 */
export async function requireRun(db: Database, runId: string, lockForAppend = false): Promise<void> {
  let query = db.selectFrom('runs').select('id').where('id', '=', runId);
  if (lockForAppend) query = query.forNoKeyUpdate();
  if (!(await query.executeTakeFirst())) throw runNotFoundError(runId);
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
