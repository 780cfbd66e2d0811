/**
 * The InstigatorStore over SQL. A tick is inserted with ON CONFLICT DO
 * NOTHING on (instigator, tick key) and its run created in the same
 * transaction: of two daemons submitting one tick, one creates the run and
 * the other finds the tick taken (on PostgreSQL it waits for the first to
 * commit, then sees the conflict).
 */
import type { Selectable, Transaction } from 'kysely';
import { FloeError } from '../../errors/index.js';
import type { SchedulesTable, SensorsTable, StateDatabase, TicksTable } from './database-schema.js';
import type { InstigatorStore, SkipTicksInput, SubmitTickInput, SubmitTickResult } from './instigator-store.js';
import { assertFence } from './leader-fence.js';
import { isoTimestamp, parseJson, requireText, toNumberOrNull } from './record-mapping.js';
import type { JsonObject } from './records.js';
import { insertRun } from './run-inserts.js';
import type { CatchUpPolicy, LeaderFence, Schedule, Sensor, SensorInput, Tick, TickStatus } from './service-records.js';
import { STATE_ERROR_CODES } from './state-errors.js';
import { boundedLimit, type StoreContext } from './store-context.js';

function scheduleFromRow(row: Selectable<SchedulesTable>): Schedule {
  return {
    id: row.id,
    product: row.product,
    environment: row.environment,
    cron: row.cron,
    timezone: row.timezone,
    catchUp: row.catch_up as CatchUpPolicy,
    enabled: Number(row.enabled) === 1,
    paused: Number(row.paused) === 1,
    pausedBy: row.paused_by,
    cursor: row.cursor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function sensorFromRow(row: Selectable<SensorsTable>): Sensor {
  return {
    id: row.id,
    product: row.product,
    environment: row.environment,
    kind: 'input_ports',
    inputs: JSON.parse(row.inputs) as SensorInput[],
    enabled: Number(row.enabled) === 1,
    paused: Number(row.paused) === 1,
    pausedBy: row.paused_by,
    cursor: parseJson<JsonObject>(row.cursor),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function tickFromRow(row: Selectable<TicksTable>): Tick {
  return {
    id: Number(row.id),
    instigatorId: row.instigator_id,
    tickKey: row.tick_key,
    kind: row.kind as Tick['kind'],
    scheduledFor: row.scheduled_for,
    status: row.status as TickStatus,
    runId: row.run_id,
    reason: row.reason,
    term: toNumberOrNull(row.term),
    createdAt: row.created_at,
  };
}

function notFound(what: 'schedule' | 'sensor' | 'schedule or sensor', id: string): FloeError {
  return new FloeError(STATE_ERROR_CODES.instigatorNotFound, `There is no ${what} "${id}".`, {
    hint: 'Schedules and sensors come from registered products: list them with the orchestrator API (/api/v1/schedules, /api/v1/sensors).',
  });
}

export class SqlInstigatorStore implements InstigatorStore {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  async listSchedules(filter: { product?: string } = {}): Promise<Schedule[]> {
    let query = this.#context.db().selectFrom('schedules').selectAll().orderBy('id');
    if (filter.product !== undefined) query = query.where('product', '=', filter.product);
    return (await query.execute()).map(scheduleFromRow);
  }

  async getSchedule(id: string): Promise<Schedule | undefined> {
    const row = await this.#context.db().selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? scheduleFromRow(row) : undefined;
  }

  async setSchedulePaused(id: string, paused: boolean, by: string | null = null): Promise<Schedule> {
    const now = this.#context.now().toISOString();
    const row = await this.#context
      .db()
      .updateTable('schedules')
      // Resuming starts from now: ticks while paused were not missed, they were not wanted.
      .set(paused ? { paused: 1, paused_by: by, updated_at: now } : { paused: 0, paused_by: null, cursor: now, updated_at: now })
      .where('id', '=', id)
      .where('paused', '=', paused ? 0 : 1)
      .returningAll()
      .executeTakeFirst();
    if (row) return scheduleFromRow(row);
    const current = await this.getSchedule(id);
    if (!current) throw notFound('schedule', id);
    return current;
  }

  async listSensors(filter: { product?: string } = {}): Promise<Sensor[]> {
    let query = this.#context.db().selectFrom('sensors').selectAll().orderBy('id');
    if (filter.product !== undefined) query = query.where('product', '=', filter.product);
    return (await query.execute()).map(sensorFromRow);
  }

  async getSensor(id: string): Promise<Sensor | undefined> {
    const row = await this.#context.db().selectFrom('sensors').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? sensorFromRow(row) : undefined;
  }

  async setSensorPaused(id: string, paused: boolean, by: string | null = null): Promise<Sensor> {
    const now = this.#context.now().toISOString();
    const row = await this.#context
      .db()
      .updateTable('sensors')
      .set(paused ? { paused: 1, paused_by: by, updated_at: now } : { paused: 0, paused_by: null, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('sensor', id);
    return sensorFromRow(row);
  }

  async submitTick(input: SubmitTickInput): Promise<SubmitTickResult> {
    const { kind } = this.#context;
    requireText(input.tickKey, 'tickKey');
    const now = this.#context.now();
    const scheduledFor = input.scheduledFor ? isoTimestamp(input.scheduledFor, 'scheduledFor') : null;
    return this.#context
      .db()
      .transaction()
      .execute(async (trx) => {
        await assertFence(trx, kind, input.fence);
        const instigator = await instigatorKind(trx, input.instigatorId);
        const tick = await trx
          .insertInto('ticks')
          .values({
            instigator_id: input.instigatorId,
            tick_key: input.tickKey,
            kind: instigator,
            scheduled_for: scheduledFor,
            status: 'SUBMITTED',
            run_id: null,
            reason: null,
            term: input.fence?.term ?? null,
            created_at: now.toISOString(),
          })
          .onConflict((conflict) => conflict.columns(['instigator_id', 'tick_key']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!tick) {
          const existing = await trx.selectFrom('ticks').selectAll().where('instigator_id', '=', input.instigatorId).where('tick_key', '=', input.tickKey).executeTakeFirstOrThrow();
          return { tick: tickFromRow(existing), duplicate: true };
        }
        const run = await insertRun(trx, { ...input.run, instigator: input.instigatorId, scheduledFor }, now, this.#context.newRunId(now));
        await trx.updateTable('ticks').set({ run_id: run.id }).where('id', '=', tick.id).execute();
        if (input.cursor !== undefined) await writeCursor(trx, instigator, input.instigatorId, input.cursor);
        return { run, tick: tickFromRow({ ...tick, run_id: run.id }), duplicate: false };
      });
  }

  async skipTicks(input: SkipTicksInput): Promise<void> {
    const { kind } = this.#context;
    const last = isoTimestamp(input.lastSkipped, 'lastSkipped');
    const now = this.#context.now().toISOString();
    await this.#context
      .db()
      .transaction()
      .execute(async (trx) => {
        await assertFence(trx, kind, input.fence);
        if ((await instigatorKind(trx, input.scheduleId)) !== 'schedule') throw notFound('schedule', input.scheduleId);
        await trx
          .insertInto('ticks')
          .values({ instigator_id: input.scheduleId, tick_key: last, kind: 'schedule', scheduled_for: last, status: 'SKIPPED', run_id: null, reason: `${input.count} tick(s) skipped: ${input.reason}`, term: input.fence?.term ?? null, created_at: now })
          .onConflict((conflict) => conflict.columns(['instigator_id', 'tick_key']).doNothing())
          .execute();
        await writeCursor(trx, 'schedule', input.scheduleId, last);
      });
  }

  async advanceScheduleCursor(id: string, cursor: Date, fence?: LeaderFence): Promise<void> {
    const iso = isoTimestamp(cursor, 'cursor');
    await this.#context
      .db()
      .transaction()
      .execute(async (trx) => {
        await assertFence(trx, this.#context.kind, fence);
        await writeCursor(trx, 'schedule', id, iso);
      });
  }

  async setSensorCursor(id: string, cursor: JsonObject, fence?: LeaderFence): Promise<void> {
    await this.#context
      .db()
      .transaction()
      .execute(async (trx) => {
        await assertFence(trx, this.#context.kind, fence);
        await writeCursor(trx, 'sensor', id, cursor);
      });
  }

  async listTicks(instigatorId: string, options: { limit?: number } = {}): Promise<Tick[]> {
    const limit = boundedLimit(options.limit, 20, 1000);
    const rows = await this.#context.db().selectFrom('ticks').selectAll().where('instigator_id', '=', instigatorId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(tickFromRow);
  }
}

async function instigatorKind(trx: Transaction<StateDatabase>, id: string): Promise<'schedule' | 'sensor'> {
  if (await trx.selectFrom('schedules').select('id').where('id', '=', id).executeTakeFirst()) return 'schedule';
  if (await trx.selectFrom('sensors').select('id').where('id', '=', id).executeTakeFirst()) return 'sensor';
  throw notFound('schedule or sensor', id);
}

async function writeCursor(trx: Transaction<StateDatabase>, kind: 'schedule' | 'sensor', id: string, cursor: string | JsonObject): Promise<void> {
  if (kind === 'schedule') {
    const iso = isoTimestamp(cursor as string, 'cursor');
    // Forward only: a slow daemon finishing an old tick never moves the cursor back.
    await trx.updateTable('schedules').set({ cursor: iso }).where('id', '=', id).where('cursor', '<', iso).execute();
    return;
  }
  await trx.updateTable('sensors').set({ cursor: JSON.stringify(cursor) }).where('id', '=', id).execute();
}
