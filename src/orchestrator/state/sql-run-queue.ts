/**
 * The RunQueue over SQL. A claim is one transaction: on PostgreSQL claimers
 * take turns on a transaction-scoped advisory lock (so two daemons never
 * both fill the last free slot), the leader fence is checked, the active runs
 * are counted and the queue is read in order until the limits are reached.
 */
import { sql } from './kysely-runtime.js';
import type { Selectable, Transaction } from 'kysely';
import type { RunsTable, StateDatabase } from './database-schema.js';
import { assertFence } from './leader-fence.js';
import { jsonText, requireOneOf, runFromRow } from './record-mapping.js';
import { FAILURE_KINDS, type JsonObject, type Run } from './records.js';
import type { ActiveRunCounts, ClaimRunsOptions, FinishRunInput, RunQueue } from './run-queue.js';
import { chunks } from './run-queries.js';
import { ACTIVE_RUN_STATUSES } from './run-transitions.js';
import { illegalTransitionError, invalidInputError, runNotFoundError } from './state-errors.js';
import { boundedLimit, type StoreContext } from './store-context.js';
import type { RunStatus } from './records.js';

/** Any fixed number: the key of the claimers' advisory lock ("floe" "q"). */
const QUEUE_LOCK_KEY = 0x666c6f65_71;
const PAGE = 200;

export class SqlRunQueue implements RunQueue {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  async claimRuns(options: ClaimRunsOptions): Promise<Run[]> {
    const { kind } = this.#context;
    const db = this.#context.db();
    const limit = options.limit ?? 100;
    if (!Number.isInteger(options.maxActive) || options.maxActive < 0) throw invalidInputError(`maxActive must be a whole number ≥ 0, got ${options.maxActive}.`);
    const now = this.#context.now().toISOString();
    return db.transaction().execute(async (trx) => {
      if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${QUEUE_LOCK_KEY})`.execute(trx);
      await assertFence(trx, kind, options.fence);
      const counts = await activeCounts(trx);
      let room = Math.min(limit, options.maxActive - counts.total);
      if (room <= 0) return [];
      const chosen: string[] = [];
      const full = new Set<string>();
      let after: { priority: number; id: string } | undefined;
      while (room > 0) {
        let query = trx
          .selectFrom('runs')
          .select(['id', 'product', 'priority'])
          .where('status', '=', 'QUEUED')
          .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)]))
          .orderBy('priority', 'desc')
          .orderBy('id')
          .limit(PAGE);
        if (full.size > 0) query = query.where('product', 'not in', [...full]);
        const from = after;
        if (from) query = query.where((eb) => eb.or([eb('priority', '<', from.priority), eb.and([eb('priority', '=', from.priority), eb('id', '>', from.id)])]));
        const page = await query.execute();
        for (const candidate of page) {
          if (full.has(candidate.product)) continue;
          const running = counts.byProduct[candidate.product] ?? 0;
          if (running >= options.perProductLimit(candidate.product)) {
            full.add(candidate.product);
            continue;
          }
          chosen.push(candidate.id);
          counts.byProduct[candidate.product] = running + 1;
          room -= 1;
          if (room === 0) break;
        }
        if (page.length < PAGE) break;
        const last = page[page.length - 1];
        after = { priority: Number(last.priority), id: last.id };
      }
      const claimed: Selectable<RunsTable>[] = [];
      for (const ids of chunks(chosen, 500)) {
        claimed.push(
          ...(await trx
            .updateTable('runs')
            .set({ status: 'STARTING', heartbeat_at: now, launcher: options.launcher, dispatch_term: options.fence?.term ?? null })
            .where('id', 'in', ids)
            .where('status', '=', 'QUEUED')
            .returningAll()
            .execute()),
        );
      }
      const order = new Map(chosen.map((id, index) => [id, index]));
      return claimed.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(runFromRow);
    });
  }

  async recordLaunch(runId: string, launchRef: JsonObject): Promise<void> {
    const result = await this.#context.db().updateTable('runs').set({ launch_ref: jsonText(launchRef) }).where('id', '=', runId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw runNotFoundError(runId);
  }

  async requestCancel(runId: string): Promise<Run> {
    const db = this.#context.db();
    const now = this.#context.now().toISOString();
    const changed = await db.transaction().execute(async (trx) => {
      const queued = await trx
        .updateTable('runs')
        .set({ status: 'CANCELED', finished_at: now, error: 'canceled before it started' })
        .where('id', '=', runId)
        .where('status', '=', 'QUEUED')
        .returningAll()
        .executeTakeFirst();
      const running =
        queued ??
        (await trx
          .updateTable('runs')
          .set({ status: 'CANCELING' })
          .where('id', '=', runId)
          .where('status', 'in', ['STARTING', 'STARTED'])
          .returningAll()
          .executeTakeFirst());
      if (!running) return undefined;
      await trx
        .insertInto('events')
        .values({
          run_id: runId,
          step: null,
          timestamp: now,
          level: 'warn',
          kind: queued ? 'run.canceled' : 'run.cancel_requested',
          message: queued ? 'Run canceled before it started.' : 'Cancel requested: the job is being stopped.',
          data: null,
        })
        .execute();
      return running;
    });
    if (changed) return runFromRow(changed);
    const current = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    if (!current) throw runNotFoundError(runId);
    if (current.status === 'CANCELING') return runFromRow(current);
    throw illegalTransitionError(runId, current.status as RunStatus, 'CANCELED');
  }

  async finishRun(runId: string, input: FinishRunInput): Promise<Run | undefined> {
    const { kind } = this.#context;
    const db = this.#context.db();
    const now = this.#context.now().toISOString();
    requireOneOf(input.status, ['FAILURE', 'CANCELED'] as const, 'status');
    const failureKind = input.failureKind == null ? null : requireOneOf(input.failureKind, FAILURE_KINDS, 'failureKind');
    const updated = await db.transaction().execute(async (trx) => {
      await assertFence(trx, kind, input.fence);
      const current = await trx.selectFrom('runs').select('status').where('id', '=', runId).executeTakeFirst();
      if (!current) throw runNotFoundError(runId);
      if (!ACTIVE_RUN_STATUSES.includes(current.status as RunStatus)) return undefined;
      const status = current.status === 'CANCELING' ? 'CANCELED' : input.status;
      const row = await trx
        .updateTable('runs')
        .set({ status, finished_at: now, error: input.error, failure_kind: status === 'FAILURE' ? failureKind : null })
        .where('id', '=', runId)
        .where('status', '=', current.status)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      const stepError = status === 'CANCELED' ? 'canceled' : input.error;
      await trx.updateTable('steps').set({ status: 'ERROR', error: stepError, finished_at: now }).where('run_id', '=', runId).where('status', '=', 'RUNNING').execute();
      await trx.updateTable('steps').set({ status: 'SKIPPED' }).where('run_id', '=', runId).where('status', '=', 'PENDING').execute();
      await trx
        .insertInto('events')
        .values({
          run_id: runId,
          step: null,
          timestamp: now,
          level: status === 'CANCELED' ? 'warn' : 'error',
          kind: status === 'CANCELED' ? 'run.canceled' : 'run.failed',
          message: `Run ${status}: ${input.error}.`,
          data: jsonText({ reason: input.reason, failureKind: status === 'FAILURE' ? failureKind : null, ...(input.data ?? {}) }),
        })
        .execute();
      return row;
    });
    return updated ? runFromRow(updated) : undefined;
  }

  async listFinishedRuns(options: { finishedAfter: string; statuses?: RunStatus[]; limit?: number }): Promise<Run[]> {
    let query = this.#context
      .db()
      .selectFrom('runs')
      .selectAll()
      .where('finished_at', '>', options.finishedAfter)
      .orderBy('finished_at')
      .orderBy('id')
      .limit(boundedLimit(options.limit, 500, 5000));
    if (options.statuses) query = query.where('status', 'in', options.statuses);
    return (await query.execute()).map(runFromRow);
  }

  async listActiveRuns(): Promise<Run[]> {
    const rows = await this.#context.db().selectFrom('runs').selectAll().where('status', 'in', ACTIVE_RUN_STATUSES).orderBy('id').execute();
    return rows.map(runFromRow);
  }

  async countActive(): Promise<ActiveRunCounts> {
    return activeCounts(this.#context.db());
  }

  async queueDepth(): Promise<number> {
    const row = await this.#context
      .db()
      .selectFrom('runs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'QUEUED')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

async function activeCounts(db: Transaction<StateDatabase> | ReturnType<StoreContext['db']>): Promise<ActiveRunCounts> {
  const rows = await db
    .selectFrom('runs')
    .select((eb) => ['product', eb.fn.countAll().as('n')])
    .where('status', 'in', ACTIVE_RUN_STATUSES)
    .groupBy('product')
    .execute();
  const byProduct: Record<string, number> = {};
  let total = 0;
  for (const row of rows) {
    byProduct[row.product] = Number(row.n);
    total += Number(row.n);
  }
  return { total, byProduct };
}
