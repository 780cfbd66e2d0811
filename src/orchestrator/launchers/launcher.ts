/**
 * How a run's pipeline job is started, watched and stopped. Three
 * implementations, a folder each: `in-process/` (runJob in the daemon's own
 * process — the reference: simplest, nothing to find again), `subprocess/`
 * (`floe job run` as a child process on the daemon's host), `kubernetes/`
 * (one batch/v1 Job per run). The daemon only talks to this interface; every
 * launcher ends in the same `floe job run` code path.
 */
import type { JsonObject, Run } from '../state/index.js';

export const LAUNCHER_KINDS = ['in-process', 'subprocess', 'kubernetes'] as const;
export type LauncherKind = (typeof LAUNCHER_KINDS)[number];

export interface LaunchContext {
  /** The daemon's trace context for the job (TRACEPARENT/TRACESTATE). */
  traceContext?: Record<string, string>;
}

/** What became of a run's job, as far as the launcher can tell. */
export interface JobStatus {
  /**
   * `pending`: not running yet (a pod being scheduled); `running`;
   * `succeeded`/`failed`: it ended (the run should say so itself — if it does
   * not, the job died before it could); `gone`: the job is not there any more
   * (a deleted Job, a vanished process); `unknown`: this launcher cannot see it
   * (launched elsewhere) — heartbeats decide.
   */
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'gone' | 'unknown';
  /** Why it failed or went, e.g. `OOMKilled`, `Evicted`, `exit code 137`. */
  reason?: string;
  /** The job's last log lines, when it failed before recording anything. */
  lastLogLines?: string[];
}

export interface Launcher {
  readonly kind: LauncherKind;
  /** Starts the job of a STARTING run; returns what finds it again (stored as the run's launchRef). */
  launch(run: Run, context: LaunchContext): Promise<JsonObject>;
  /** The state of the run's job, for the monitor. */
  inspect(run: Run): Promise<JobStatus>;
  /** Stops the run's job (cancel, timeout, lost run); safe to call more than once. */
  stop(run: Run, reason: string): Promise<void>;
  /**
   * Lets go (the daemon is stopping). Jobs outside the daemon's process keep
   * running for the next leader; in-process runs are waited for up to
   * `graceMs`, then stopped.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}
