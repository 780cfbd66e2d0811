/**
 * Turning StepInputs into upsert rows. A step is written many times during a
 * run (PENDING, RUNNING, progress, finished); each write sets only the fields
 * it names, so later writes never erase what earlier ones said.
 */
import { sql } from './kysely-runtime.js';
import type { Insertable } from 'kysely';
import type { StepsTable } from './database-schema.js';
import { isoTimestamp, optionalCount, requireOneOf, requireText } from './record-mapping.js';
import { STEP_STATUSES } from './records.js';
import { FINISHED_STEP_STATUSES } from './run-transitions.js';
import type { StepInput } from './state-store.js';

type StepColumn = keyof StepsTable;

export interface StepUpdate {
  column: StepColumn;
  /** Only fill the column if it is empty (a default like "started now" must not move an earlier start). */
  fill: boolean;
}

export interface StepWrite {
  row: Insertable<StepsTable> & { unique_id: string };
  /** The columns this input sets when the step already exists. */
  updateColumns: StepUpdate[];
}

export function updatedValue({ column, fill }: StepUpdate) {
  const incoming = sql.ref(`excluded.${column}`);
  return fill ? sql`coalesce(${sql.ref(`steps.${column}`)}, ${incoming})` : incoming;
}

export function stepWrite(runId: string, step: StepInput, now: string): StepWrite {
  const uniqueId = requireText(step.uniqueId, 'step uniqueId');
  const status = requireOneOf(step.status, STEP_STATUSES, `status of step ${uniqueId}`);
  const given = (value: unknown): boolean => value !== undefined;
  const startedAt =
    step.startedAt != null ? isoTimestamp(step.startedAt, 'startedAt') : step.startedAt === undefined && status === 'RUNNING' ? now : step.startedAt;
  const finishedAt =
    step.finishedAt != null
      ? isoTimestamp(step.finishedAt, 'finishedAt')
      : step.finishedAt === undefined && FINISHED_STEP_STATUSES.includes(status)
        ? now
        : step.finishedAt;
  let durationMs = optionalCount(step.durationMs, 'durationMs');
  if (durationMs === undefined && startedAt && finishedAt && step.startedAt != null) {
    durationMs = Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt));
  }
  const row = {
    run_id: runId,
    unique_id: uniqueId,
    name: step.name ?? nameFromUniqueId(uniqueId),
    resource_type: step.resourceType ?? uniqueId.split('.')[0],
    status,
    started_at: startedAt ?? null,
    finished_at: finishedAt ?? null,
    duration_ms: durationMs ?? null,
    rows_affected: optionalCount(step.rowsAffected, 'rowsAffected') ?? null,
    message: step.message ?? null,
    error: step.error ?? null,
    relation: step.relation ?? null,
  };
  const updateColumns: StepUpdate[] = [{ column: 'status', fill: false }];
  const update = (column: StepColumn, fill = false) => updateColumns.push({ column, fill });
  if (given(step.name)) update('name');
  if (given(step.resourceType)) update('resource_type');
  if (startedAt !== undefined) update('started_at', step.startedAt === undefined);
  if (finishedAt !== undefined) update('finished_at', step.finishedAt === undefined);
  if (durationMs !== undefined) update('duration_ms');
  if (given(step.rowsAffected)) update('rows_affected');
  if (given(step.message)) update('message');
  if (given(step.error)) update('error');
  if (given(step.relation)) update('relation');
  return { row, updateColumns };
}

/** A batch may name a step twice (e.g. RUNNING then SUCCESS); later fields win. */
export function mergeByUniqueId(steps: StepInput[]): StepInput[] {
  const merged = new Map<string, StepInput>();
  for (const step of steps) {
    const previous = merged.get(step.uniqueId);
    const defined = Object.fromEntries(Object.entries(step).filter(([, value]) => value !== undefined)) as StepInput;
    merged.set(step.uniqueId, previous ? { ...previous, ...defined } : step);
  }
  return [...merged.values()];
}

function nameFromUniqueId(uniqueId: string): string {
  // `model.<package>.<name>`, `source.<package>.<source>.<table>`
  const parts = uniqueId.split('.');
  return parts.length >= 3 ? parts.slice(2).join('.') : parts[parts.length - 1];
}

/** Steps that set the same columns on conflict can share one INSERT statement. */
export function groupByUpdatedColumns(writes: StepWrite[]): StepWrite[][] {
  const groups = new Map<string, StepWrite[]>();
  for (const write of writes) {
    const key = write.updateColumns.map(({ column, fill }) => `${column}${fill ? '?' : ''}`).join(',');
    groups.set(key, [...(groups.get(key) ?? []), write]);
  }
  return [...groups.values()];
}
