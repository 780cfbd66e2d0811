/**
 * The fence on a leader's writes. Inside the write's transaction the lease
 * row is read — on PostgreSQL with FOR SHARE, so a new leader's takeover (an
 * UPDATE of that row) waits until the write commits, and a write that starts
 * after a takeover sees the new term and is refused. SQLite's write
 * transactions are serialized already.
 */
import type { Transaction } from 'kysely';
import { FloeError } from '../../errors/index.js';
import type { StateDatabase } from './database-schema.js';
import type { LeaderFence } from './service-records.js';
import { STATE_ERROR_CODES } from './state-errors.js';
import type { StateStoreKind } from './state-store.js';

export async function assertFence(trx: Transaction<StateDatabase>, kind: StateStoreKind, fence: LeaderFence | undefined): Promise<void> {
  if (!fence) return;
  let query = trx.selectFrom('leases').select(['holder', 'term']).where('name', '=', fence.lease);
  if (kind === 'postgres') query = query.forShare();
  const row = await query.executeTakeFirst();
  if (row && row.holder === fence.holder && Number(row.term) === fence.term) return;
  const now = row ? `the lease is now held by ${row.holder ?? 'nobody'} at term ${Number(row.term)}` : 'the lease does not exist';
  throw new FloeError(STATE_ERROR_CODES.fenced, `${fence.holder} is no longer the leader of term ${fence.term} (${now}); nothing was written.`, {
    hint: 'A stale leader stops dispatching and campaigns again; the current leader does the work.',
  });
}

export function isFencedError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === STATE_ERROR_CODES.fenced;
}
