/** Database rows ↔ records, and checks on what callers hand the store. */
import type { Selectable } from 'kysely';
import type { EventsTable, RunsTable, StepsTable } from './database-schema.js';
import type { EventLevel, FailureKind, JsonObject, Run, RunCounts, RunEvent, RunStatus, RunTrigger, Step, StepStatus } from './records.js';
import { invalidInputError } from './state-errors.js';
import type { TimestampInput } from './state-store.js';

export function runFromRow(row: Selectable<RunsTable>): Run {
  return {
    id: row.id,
    product: row.product,
    productVersion: row.product_version,
    environment: row.environment,
    trigger: row.trigger as RunTrigger,
    status: row.status as RunStatus,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heartbeatAt: row.heartbeat_at,
    attempt: Number(row.attempt),
    parentRunId: row.parent_run_id,
    artifactsHash: row.artifacts_hash,
    selection: parseJson<JsonObject>(row.selection),
    counts: parseJson<RunCounts>(row.counts),
    error: row.error,
    hostname: row.hostname,
    pid: row.pid === null ? null : Number(row.pid),
    bundleDigest: row.bundle_digest,
    priority: Number(row.priority),
    notBefore: row.not_before,
    scheduledFor: row.scheduled_for,
    instigator: row.instigator,
    rootRunId: row.root_run_id,
    failureKind: row.failure_kind as FailureKind | null,
    timeoutSeconds: row.timeout_seconds === null ? null : Number(row.timeout_seconds),
    launcher: row.launcher,
    launchRef: parseJson<JsonObject>(row.launch_ref),
    dispatchTerm: toNumberOrNull(row.dispatch_term),
    triggeredBy: row.triggered_by,
  };
}

export function stepFromRow(row: Selectable<StepsTable>): Step {
  return {
    runId: row.run_id,
    uniqueId: row.unique_id,
    name: row.name,
    resourceType: row.resource_type,
    status: row.status as StepStatus,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: toNumberOrNull(row.duration_ms),
    rowsAffected: toNumberOrNull(row.rows_affected),
    message: row.message,
    error: row.error,
    relation: row.relation,
  };
}

export function eventFromRow(row: Selectable<EventsTable>): RunEvent {
  return {
    id: Number(row.id),
    runId: row.run_id,
    step: row.step,
    timestamp: row.timestamp,
    level: row.level as EventLevel,
    kind: row.kind,
    message: row.message,
    data: parseJson<JsonObject>(row.data),
  };
}

export function jsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** ISO 8601 UTC with milliseconds, the one format stored, so text order is time order. */
export function isoTimestamp(value: TimestampInput, field: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidInputError(`${field} "${String(value)}" is not a valid timestamp.`, 'Pass a Date or an ISO 8601 string.');
  return date.toISOString();
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalidInputError(`${field} "${String(value)}" is not one of ${allowed.join(', ')}.`);
}

export function requireText(value: unknown, field: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw invalidInputError(`${field} must be a non-empty string.`);
}

export function optionalCount(value: number | null | undefined, field: string): number | null | undefined {
  if (value === null || value === undefined) return value;
  if (!Number.isFinite(value) || value < 0) throw invalidInputError(`${field} must be a number ≥ 0, got ${value}.`);
  return Math.round(value);
}

export function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toNumberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
