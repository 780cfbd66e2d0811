/**
 * The records the state store keeps: runs, their steps (one per node) and
 * their events (structured log lines). Timestamps are ISO 8601 strings in UTC
 * with milliseconds (`2026-11-26T18:16:04.123Z`): they read the same in both
 * databases, sort correctly as text, and go to JSON unchanged.
 */

/** CANCELING: a cancel was asked for while the run's job was running; the job (or the monitor) ends it CANCELED. */
export const RUN_STATUSES = ['QUEUED', 'STARTING', 'STARTED', 'CANCELING', 'SUCCESS', 'FAILURE', 'CANCELED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TRIGGERS = ['manual', 'schedule', 'retry', 'api', 'sensor'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * Why a run failed, for the retry policy: a node failed (`step`), the job's
 * process, pod or connection failed around it (`infrastructure`), or it ran
 * past its timeout (`timeout`).
 */
export const FAILURE_KINDS = ['step', 'infrastructure', 'timeout'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export const STEP_STATUSES = ['PENDING', 'RUNNING', 'SUCCESS', 'ERROR', 'SKIPPED', 'PASS', 'WARN', 'FAIL'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const EVENT_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Node counts by outcome, e.g. `{ success: 12, error: 1, skipped: 3 }`. */
export type RunCounts = Record<string, number>;

export interface Run {
  /** UUIDv7: sorts by creation time. */
  id: string;
  product: string;
  productVersion: string | null;
  environment: string;
  trigger: RunTrigger;
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Last sign of life from the process running it; stale ones are marked interrupted. */
  heartbeatAt: string | null;
  /** 1 for a first run; a retry's attempt is its parent's + 1. */
  attempt: number;
  /** The run this one retries (`floe run --retry-failed`). */
  parentRunId: string | null;
  artifactsHash: string | null;
  /** The node selection the run was asked for (select/exclude/selector…), as given. */
  selection: JsonObject | null;
  counts: RunCounts | null;
  error: string | null;
  /** Host and process id of the runner (set when it starts). */
  hostname: string | null;
  pid: number | null;
  /** sha256 digest of the product bundle the run runs (`sha256:…`); null for a local run of a project folder. */
  bundleDigest: string | null;
  /** Higher runs first; equal priorities run in arrival order. Default 0. */
  priority: number;
  /** A queued run does not start before this time (a retry's backoff). */
  notBefore: string | null;
  /** The schedule tick the run belongs to. */
  scheduledFor: string | null;
  /** The schedule or sensor that made the run. */
  instigator: string | null;
  /** The first attempt of this run's retry chain; null for a first attempt. */
  rootRunId: string | null;
  failureKind: FailureKind | null;
  /** The run fails with failure kind `timeout` when it runs longer. */
  timeoutSeconds: number | null;
  /** Which launcher started the job, and what it needs to find it again (pid, Job name…). */
  launcher: string | null;
  launchRef: JsonObject | null;
  /** The leader term under which the run was dispatched. */
  dispatchTerm: number | null;
  /** Who asked for the run (an API token's name), when known. */
  triggeredBy: string | null;
}

export interface Step {
  runId: string;
  /** The node's unique id, e.g. `model.shop.orders`. */
  uniqueId: string;
  name: string;
  resourceType: string;
  status: StepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  rowsAffected: number | null;
  message: string | null;
  error: string | null;
  /** The relation the step built, e.g. `main.orders`. */
  relation: string | null;
}

export interface RunEvent {
  /** Increases with every event written to the store; use it as the `--follow` cursor. */
  id: number;
  runId: string;
  /** The node's unique id, or null for run-level events. */
  step: string | null;
  timestamp: string;
  level: EventLevel;
  /** What happened, e.g. `run.started`, `step.finished`, `log`. */
  kind: string;
  message: string;
  data: JsonObject | null;
}
