/**
 * Recognising crashed runs. A run left STARTING/STARTED whose heartbeat is
 * older than the threshold — or, on one machine, whose recorded process is
 * gone — becomes FAILURE with error "interrupted"; its RUNNING steps become
 * ERROR and its PENDING ones SKIPPED (so `--retry-failed` re-runs them), and
 * a `run.interrupted` event says why. Each run is marked in its own
 * transaction, and only if it did not change since it was read.
 */
import type { Kysely } from 'kysely';
import type { StateDatabase } from './database-schema.js';
import { currentHostname, isProcessAlive } from './local-process.js';
import { jsonText, runFromRow } from './record-mapping.js';
import type { Run } from './records.js';
import { ACTIVE_RUN_STATUSES } from './run-transitions.js';
import { invalidInputError } from './state-errors.js';
import type { MarkInterruptedRunsOptions, StateStoreKind } from './state-store.js';

export async function markInterruptedRuns(
  db: Kysely<StateDatabase>,
  kind: StateStoreKind,
  options: MarkInterruptedRunsOptions,
  now: Date,
): Promise<Run[]> {
  if (!Number.isFinite(options.staleAfterMs) || options.staleAfterMs < 0) {
    throw invalidInputError(`staleAfterMs must be a number ≥ 0, got ${options.staleAfterMs}.`);
  }
  const nowIso = now.toISOString();
  const threshold = new Date(now.getTime() - options.staleAfterMs).toISOString();
  const checkLocalProcesses = options.checkLocalProcesses ?? kind === 'sqlite';
  const host = currentHostname();

  const active = await db.selectFrom('runs').selectAll().where('status', 'in', ACTIVE_RUN_STATUSES).execute();
  const interrupted: Run[] = [];
  for (const row of active) {
    const lastSign = row.heartbeat_at ?? row.started_at ?? row.created_at;
    const stale = lastSign < threshold;
    const pid = row.pid === null ? null : Number(row.pid);
    const processGone =
      checkLocalProcesses && row.hostname === host && pid !== null && pid !== process.pid && !isProcessAlive(pid);
    if (!stale && !processGone) continue;
    const reason = stale ? `no heartbeat since ${lastSign}` : `its process ${pid} on ${host} is gone`;
    const marked = await db.transaction().execute(async (trx) => {
      // Only if nothing changed since we looked: a heartbeat that arrived
      // meanwhile means the run is alive after all.
      const updated = await trx
        .updateTable('runs')
        .set({ status: 'FAILURE', error: 'interrupted', finished_at: nowIso })
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .where((eb) => (row.heartbeat_at === null ? eb('heartbeat_at', 'is', null) : eb('heartbeat_at', '=', row.heartbeat_at)))
        .returningAll()
        .executeTakeFirst();
      if (!updated) return undefined;
      await trx
        .updateTable('steps')
        .set({ status: 'ERROR', error: 'interrupted', finished_at: nowIso })
        .where('run_id', '=', row.id)
        .where('status', '=', 'RUNNING')
        .execute();
      await trx.updateTable('steps').set({ status: 'SKIPPED' }).where('run_id', '=', row.id).where('status', '=', 'PENDING').execute();
      await trx
        .insertInto('events')
        .values({
          run_id: row.id,
          step: null,
          timestamp: nowIso,
          level: 'error',
          kind: 'run.interrupted',
          message: `Run interrupted: ${reason}.`,
          data: jsonText({ reason: stale ? 'heartbeat-stale' : 'process-gone', lastHeartbeatAt: row.heartbeat_at, hostname: row.hostname, pid }),
        })
        .execute();
      return updated;
    });
    if (marked) interrupted.push(runFromRow(marked));
  }
  return interrupted;
}
