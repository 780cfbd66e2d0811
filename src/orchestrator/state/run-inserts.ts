/**
 * Creating a run row, checked before anything is written. Shared by
 * StateStore.createRun and the tick submissions, which create a run inside
 * their own transaction.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { FloeError } from '../../errors/index.js';
import type { RunsTable, StateDatabase } from './database-schema.js';
import { isoTimestamp, jsonText, requireOneOf, requireText, runFromRow } from './record-mapping.js';
import { RUN_TRIGGERS, type Run } from './records.js';
import { STATE_ERROR_CODES, invalidInputError } from './state-errors.js';
import type { CreateRunInput } from './state-store.js';

type Database = Kysely<StateDatabase> | Transaction<StateDatabase>;

/** The instigator of the retry policy's runs: at most one per failed run (a unique index). */
export const RETRY_POLICY_INSTIGATOR = 'retry-policy';

function optionalWholeNumber(value: number | null | undefined, field: string, min: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min) throw invalidInputError(`${field} must be a whole number ≥ ${min}, got ${value}.`);
  return value;
}

export async function insertRun(db: Database, input: CreateRunInput, now: Date, id: string): Promise<Run> {
  const trigger = requireOneOf(input.trigger, RUN_TRIGGERS, 'trigger');
  const attemptGiven = optionalWholeNumber(input.attempt, 'attempt', 1);
  if (input.selection != null && (typeof input.selection !== 'object' || Array.isArray(input.selection))) {
    throw invalidInputError('selection must be an object.');
  }
  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority) || Math.abs(priority) > 1_000_000) {
    throw invalidInputError(`priority must be a whole number between -1000000 and 1000000, got ${priority}.`);
  }
  const timeoutSeconds = optionalWholeNumber(input.timeoutSeconds, 'timeoutSeconds', 1);
  let attempt = attemptGiven ?? undefined;
  let rootRunId = input.rootRunId ?? null;
  if (input.parentRunId) {
    const parent = await db.selectFrom('runs').select(['attempt', 'root_run_id']).where('id', '=', input.parentRunId).executeTakeFirst();
    if (!parent) {
      throw new FloeError(STATE_ERROR_CODES.runNotFound, `The parent run ${input.parentRunId} does not exist.`, {
        hint: 'Retry a run listed by `floe status`.',
      });
    }
    attempt ??= Number(parent.attempt) + 1;
    rootRunId ??= parent.root_run_id ?? input.parentRunId;
  }
  const row: Selectable<RunsTable> & Insertable<RunsTable> = {
    id,
    product: requireText(input.product, 'product'),
    product_version: input.productVersion ?? null,
    environment: requireText(input.environment, 'environment'),
    trigger,
    status: 'QUEUED',
    created_at: now.toISOString(),
    started_at: null,
    finished_at: null,
    heartbeat_at: null,
    attempt: attempt ?? 1,
    parent_run_id: input.parentRunId ?? null,
    artifacts_hash: input.artifactsHash ?? null,
    selection: jsonText(input.selection),
    counts: null,
    error: null,
    hostname: null,
    pid: null,
    bundle_digest: input.bundleDigest ?? null,
    priority,
    not_before: input.notBefore == null ? null : isoTimestamp(input.notBefore, 'notBefore'),
    scheduled_for: input.scheduledFor == null ? null : isoTimestamp(input.scheduledFor, 'scheduledFor'),
    instigator: input.instigator ?? null,
    root_run_id: rootRunId,
    failure_kind: null,
    timeout_seconds: timeoutSeconds,
    launcher: null,
    launch_ref: null,
    dispatch_term: null,
    triggered_by: input.triggeredBy ?? null,
  };
  await db.insertInto('runs').values(row).execute();
  return runFromRow(row);
}

/** A unique constraint refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
