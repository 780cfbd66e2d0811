/**
 * The StateStore over SQL — one set of Kysely queries for SQLite and PostgreSQL.
 * Status changes are single conditional UPDATEs (check and write at once, so
 * concurrent processes cannot both win); multi-row writes are transactions.
 */
import { sql } from './kysely-runtime.js';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { FloeError } from '../../errors/index.js';
import type { EventsTable, RunsTable, StateDatabase, StepsTable } from './database-schema.js';
import { eventRow } from './event-writes.js';
import { markInterruptedRuns } from './interrupted-runs.js';
import { currentHostname } from './local-process.js';
import type { BundleStore } from './bundle-store.js';
import type { DaemonRegistry } from './daemon-registry.js';
import type { InstigatorStore } from './instigator-store.js';
import type { ProductCatalog } from './product-catalog.js';
import { eventFromRow, isoTimestamp, jsonText, requireOneOf, requireText, runFromRow, stepFromRow } from './record-mapping.js';
import { FAILURE_KINDS, RUN_STATUSES, RUN_TRIGGERS, STEP_STATUSES, type JsonObject, type Run, type RunEvent, type RunStatus, type Step } from './records.js';
import { insertRun, isUniqueViolation, RETRY_POLICY_INSTIGATOR } from './run-inserts.js';
import type { RunQueue } from './run-queue.js';
import { SqlBundleStore } from './sql-bundle-store.js';
import { SqlDaemonRegistry } from './sql-daemon-registry.js';
import { SqlInstigatorStore } from './sql-instigator-store.js';
import { SqlProductCatalog } from './sql-product-catalog.js';
import { SqlRunQueue } from './sql-run-queue.js';
import { boundedLimit, createStoreContext, type StoreContext } from './store-context.js';
import { createUuidV7Generator, isUuid } from './run-id.js';
import { parseRunIdQuery } from './run-id-query.js';
import { chunks, requireRun } from './run-queries.js';
import { ACTIVE_RUN_STATUSES, isTerminalRunStatus, previousRunStatuses } from './run-transitions.js';
import type { StateDatabaseHandle } from './state-database.js';
import { readMigrationStatus, type StateMigrationStatus } from './state-migrations-runner.js';
import { STATE_ERROR_CODES, illegalTransitionError, invalidInputError, runNotFoundError } from './state-errors.js';
import type {
  CreateRunInput,
  EventInput,
  GetEventsOptions,
  ListRunsOptions,
  MarkInterruptedRunsOptions,
  NodeStep,
  NodeStepQuery,
  RunResultsRecord,
  RunStatusFields,
  StateStore,
  StateStoreKind,
  StepInput,
} from './state-store.js';
import { groupByUpdatedColumns, mergeByUniqueId, stepWrite, updatedValue } from './step-writes.js';

// Rows per INSERT: well under SQLite's 32766 and PostgreSQL's 65535 bound parameters.
const ROWS_PER_INSERT = 500;
const MAX_AMBIGUOUS_SHOWN = 5;

export class SqlStateStore implements StateStore {
  readonly kind: StateStoreKind;
  readonly products: ProductCatalog;
  readonly bundles: BundleStore;
  readonly queue: RunQueue;
  readonly instigators: InstigatorStore;
  readonly daemons: DaemonRegistry;
  readonly #db: Kysely<StateDatabase>;
  readonly #clock: () => Date;
  readonly #context: StoreContext;
  readonly #handle: StateDatabaseHandle;
  #closed = false;

  constructor(handle: StateDatabaseHandle, clock: () => Date) {
    this.kind = handle.kind;
    this.#handle = handle;
    this.#db = handle.db;
    this.#clock = clock;
    this.#context = createStoreContext(handle.kind, handle.db, clock, createUuidV7Generator(), () => this.#closed);
    this.products = new SqlProductCatalog(this.#context);
    this.bundles = new SqlBundleStore(this.#context);
    this.queue = new SqlRunQueue(this.#context);
    this.instigators = new SqlInstigatorStore(this.#context);
    this.daemons = new SqlDaemonRegistry(this.#context);
  }

  async createRun(input: CreateRunInput): Promise<Run> {
    const db = this.#open();
    const now = this.#clock();
    try {
      return await insertRun(db, input, now, this.#context.newRunId(now));
    } catch (error) {
      if (input.instigator === RETRY_POLICY_INSTIGATOR && input.parentRunId && isUniqueViolation(error)) {
        throw new FloeError(STATE_ERROR_CODES.alreadyRetried, `Run ${input.parentRunId} already has its automatic retry.`, { hint: 'Each failed run is retried at most once by the retry policy; re-execute it by hand for another attempt.' });
      }
      throw error;
    }
  }

  async updateRunStatus(id: string, status: RunStatus, fields: RunStatusFields = {}): Promise<Run> {
    const db = this.#open();
    requireOneOf(status, RUN_STATUSES, 'status');
    const now = this.#clock().toISOString();
    const set: Updateable<RunsTable> = { status };
    if (status === 'STARTING' || status === 'STARTED') set.heartbeat_at = now;
    if (status === 'STARTED') {
      set.started_at = now;
      set.hostname = fields.hostname !== undefined ? fields.hostname : currentHostname();
      set.pid = fields.pid !== undefined ? fields.pid : process.pid;
    } else {
      if (fields.hostname !== undefined) set.hostname = fields.hostname;
      if (fields.pid !== undefined) set.pid = fields.pid;
    }
    if (isTerminalRunStatus(status)) set.finished_at = now;
    if (fields.error !== undefined) set.error = fields.error;
    if (fields.counts !== undefined) set.counts = jsonText(fields.counts);
    if (fields.artifactsHash !== undefined) set.artifacts_hash = fields.artifactsHash;
    if (fields.failureKind !== undefined) set.failure_kind = fields.failureKind === null ? null : requireOneOf(fields.failureKind, FAILURE_KINDS, 'failureKind');

    const from = previousRunStatuses(status);
    if (from.length > 0) {
      const row = await db
        .updateTable('runs')
        .set(set)
        .where('id', '=', id)
        .where('status', 'in', from)
        .returningAll()
        .executeTakeFirst();
      if (row) return runFromRow(row);
    }
    const current = await db.selectFrom('runs').select('status').where('id', '=', id).executeTakeFirst();
    if (!current) throw runNotFoundError(id);
    throw illegalTransitionError(id, current.status as RunStatus, status);
  }

  async heartbeat(runId: string): Promise<RunStatus> {
    const db = this.#open();
    const row = await db
      .updateTable('runs')
      .set({ heartbeat_at: this.#clock().toISOString() })
      .where('id', '=', runId)
      .where('status', 'in', ACTIVE_RUN_STATUSES)
      .returning('status')
      .executeTakeFirst();
    if (row) return row.status as RunStatus;
    const current = await db.selectFrom('runs').select('status').where('id', '=', runId).executeTakeFirst();
    if (!current) throw runNotFoundError(runId);
    return current.status as RunStatus;
  }

  async upsertStep(runId: string, step: StepInput): Promise<Step> {
    const [written] = await this.upsertSteps(runId, [step]);
    return written;
  }

  async upsertSteps(runId: string, steps: StepInput[]): Promise<Step[]> {
    const db = this.#open();
    const now = this.#clock().toISOString();
    const writes = mergeByUniqueId(steps).map((step) => stepWrite(runId, step, now));
    const rows = await db.transaction().execute(async (trx) => {
      await requireRun(trx, runId);
      const written: Selectable<StepsTable>[] = [];
      for (const group of groupByUpdatedColumns(writes)) {
        const columns = group[0].updateColumns;
        for (const chunk of chunks(group, ROWS_PER_INSERT)) {
          written.push(
            ...(await trx
              .insertInto('steps')
              .values(chunk.map((write) => write.row))
              .onConflict((conflict) =>
                conflict
                  .columns(['run_id', 'unique_id'])
                  .doUpdateSet(Object.fromEntries(columns.map((update) => [update.column, updatedValue(update)]))),
              )
              .returningAll()
              .execute()),
          );
        }
      }
      return written;
    });
    const byId = new Map(rows.map((row) => [row.unique_id, stepFromRow(row)]));
    return writes.map((write) => byId.get(write.row.unique_id)!);
  }

  async appendEvents(runId: string, events: EventInput[]): Promise<RunEvent[]> {
    const db = this.#open();
    const now = this.#clock().toISOString();
    const rows = events.map((event, index) => eventRow(runId, event, now, index));
    const inserted = await db.transaction().execute(async (trx) => {
      // On PostgreSQL, appenders to one run take turns (a row lock on the run),
      // so a run's event ids become visible in increasing order and a
      // `--follow` reader polling "after id N" never skips one. SQLite writers
      // are already serialized by BEGIN IMMEDIATE.
      await requireRun(trx, runId, this.kind === 'postgres');
      const written: Selectable<EventsTable>[] = [];
      for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
        written.push(...(await trx.insertInto('events').values(chunk).returningAll().execute()));
      }
      return written;
    });
    return inserted.map(eventFromRow).sort((a, b) => a.id - b.id);
  }

  async getRun(idOrPrefix: string): Promise<Run> {
    const run = await this.findRun(idOrPrefix);
    if (!run) throw runNotFoundError(idOrPrefix);
    return run;
  }

  async findRun(idOrPrefix: string): Promise<Run | undefined> {
    const db = this.#open();
    const query = parseRunIdQuery(idOrPrefix);
    if ('exact' in query) {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', query.exact).executeTakeFirst();
      return row ? runFromRow(row) : undefined;
    }
    const rows = await db
      .selectFrom('runs')
      .selectAll()
      .where('id', 'like', `${query.prefix}%`)
      .orderBy('id', 'desc')
      .limit(MAX_AMBIGUOUS_SHOWN + 1)
      .execute();
    if (rows.length <= 1) return rows[0] ? runFromRow(rows[0]) : undefined;
    const shown = rows.slice(0, MAX_AMBIGUOUS_SHOWN).map((row) => `${row.id} (${row.product}, ${row.status}, ${row.created_at})`);
    throw new FloeError(STATE_ERROR_CODES.runIdAmbiguous, `Run id prefix "${idOrPrefix}" matches more than one run.`, {
      detail: [...shown, ...(rows.length > MAX_AMBIGUOUS_SHOWN ? ['…'] : [])].join('\n'),
      hint: 'Give more digits of the run id (runs made close together share their first digits).',
    });
  }

  async listRuns(options: ListRunsOptions = {}): Promise<Run[]> {
    const db = this.#open();
    const limit = boundedLimit(options.limit, 20, 1000);
    let query = db.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(limit);
    if (options.product !== undefined) query = query.where('product', '=', options.product);
    if (options.status !== undefined) {
      const statuses = (Array.isArray(options.status) ? options.status : [options.status]).map((status) =>
        requireOneOf(status, RUN_STATUSES, 'status'),
      );
      if (statuses.length === 0) return [];
      query = query.where('status', 'in', statuses);
    }
    if (options.trigger !== undefined) {
      const triggers = (Array.isArray(options.trigger) ? options.trigger : [options.trigger]).map((trigger) =>
        requireOneOf(trigger, RUN_TRIGGERS, 'trigger'),
      );
      if (triggers.length === 0) return [];
      query = query.where('trigger', 'in', triggers);
    }
    if (options.createdAfter !== undefined) query = query.where('created_at', '>=', isoTimestamp(options.createdAfter, 'createdAfter'));
    if (options.createdBefore !== undefined) query = query.where('created_at', '<', isoTimestamp(options.createdBefore, 'createdBefore'));
    if (options.before !== undefined) {
      if (!isUuid(options.before)) throw invalidInputError(`before must be a full run id, got "${options.before}".`);
      query = query.where('id', '<', options.before);
    }
    return (await query.execute()).map(runFromRow);
  }

  async getSteps(runId: string): Promise<Step[]> {
    const db = this.#open();
    const rows = await db
      .selectFrom('steps')
      .selectAll()
      .where('run_id', '=', runId)
      // Started steps first, in start order (the same in both databases, unlike NULLS FIRST/LAST defaults).
      .orderBy(sql`case when started_at is null then 1 else 0 end`)
      .orderBy('started_at')
      .orderBy('unique_id')
      .execute();
    if (rows.length === 0) await requireRun(db, runId);
    return rows.map(stepFromRow);
  }

  async listNodeSteps(query: NodeStepQuery): Promise<NodeStep[]> {
    const db = this.#open();
    requireText(query.product, 'product');
    requireText(query.uniqueId, 'uniqueId');
    const limit = boundedLimit(query.limit, 20, 1000);
    let select = db
      .selectFrom('steps')
      .innerJoin('runs', 'runs.id', 'steps.run_id')
      .selectAll('steps')
      .select(['runs.environment as run_environment', 'runs.product_version as run_product_version', 'runs.status as run_status', 'runs.created_at as run_created_at'])
      .where('steps.unique_id', '=', query.uniqueId)
      .where('runs.product', '=', query.product)
      .orderBy('steps.run_id', 'desc')
      .limit(limit);
    if (query.status !== undefined) {
      const statuses = (Array.isArray(query.status) ? query.status : [query.status]).map((status) => requireOneOf(status, STEP_STATUSES, 'status'));
      if (statuses.length === 0) return [];
      select = select.where('steps.status', 'in', statuses);
    }
    if (query.environment !== undefined) select = select.where('runs.environment', '=', query.environment);
    if (query.before !== undefined) {
      if (!isUuid(query.before)) throw invalidInputError(`before must be a full run id, got "${query.before}".`);
      select = select.where('steps.run_id', '<', query.before);
    }
    return (await select.execute()).map(({ run_environment, run_product_version, run_status, run_created_at, ...row }) => ({
      ...stepFromRow(row),
      environment: run_environment,
      productVersion: run_product_version,
      runStatus: run_status as RunStatus,
      runCreatedAt: run_created_at,
    }));
  }

  async getEvents(runId: string, options: GetEventsOptions = {}): Promise<RunEvent[]> {
    const db = this.#open();
    const limit = boundedLimit(options.limit, 1000, 10_000);
    let query = db.selectFrom('events').selectAll().where('run_id', '=', runId).orderBy('id').limit(limit);
    if (options.afterId !== undefined) {
      if (!Number.isInteger(options.afterId) || options.afterId < 0) {
        throw invalidInputError(`afterId must be a whole number ≥ 0, got ${options.afterId}.`);
      }
      query = query.where('id', '>', options.afterId);
    }
    if (options.step !== undefined) query = query.where('step', '=', options.step);
    const rows = await query.execute();
    // A first read (no cursor) of nothing may mean a mistyped id; say so.
    if (rows.length === 0 && options.afterId === undefined) await requireRun(db, runId);
    return rows.map(eventFromRow);
  }

  async markInterruptedRuns(options: MarkInterruptedRunsOptions): Promise<Run[]> {
    const db = this.#open();
    return markInterruptedRuns(db, this.kind, options, options.now ?? this.#clock());
  }

  async saveRunResults(runId: string, transform: string, results: JsonObject): Promise<void> {
    const db = this.#open();
    requireText(transform, 'transform');
    if (results === null || typeof results !== 'object' || Array.isArray(results)) throw invalidInputError('results must be an object.');
    const row = { run_id: runId, transform, content: JSON.stringify(results), created_at: this.#clock().toISOString() };
    await db.transaction().execute(async (trx) => {
      await requireRun(trx, runId);
      await trx
        .insertInto('run_results')
        .values(row)
        .onConflict((conflict) => conflict.columns(['run_id', 'transform']).doUpdateSet({ content: row.content, created_at: row.created_at }))
        .execute();
    });
  }

  async getRunResults(runId: string): Promise<RunResultsRecord[]> {
    const db = this.#open();
    const rows = await db.selectFrom('run_results').selectAll().where('run_id', '=', runId).orderBy('transform').execute();
    if (rows.length === 0) await requireRun(db, runId);
    return rows.map((row) => ({ runId: row.run_id, transform: row.transform, results: JSON.parse(row.content) as JsonObject, createdAt: row.created_at }));
  }

  async migrationStatus(): Promise<StateMigrationStatus> {
    this.#open();
    return readMigrationStatus(this.#handle);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }

  #open(): Kysely<StateDatabase> {
    return this.#context.db();
  }
}
