/**
 * The daemon's side of runs: claiming queued runs within the concurrency
 * limits (priority first, then arrival order), recording where a job was
 * launched, cancelling, and ending runs whose job is gone. Claims and
 * outside endings may carry a leader fence: they only land while that lease
 * term is current.
 */
import type { FailureKind, JsonObject, Run, RunStatus } from './records.js';
import type { LeaderFence } from './service-records.js';

export interface ClaimRunsOptions {
  /** Runs in progress at once across all products (STARTING, STARTED, CANCELING count). */
  maxActive: number;
  /** Runs in progress at once for one product. */
  perProductLimit(product: string): number;
  /** Claim at most this many in one call. Default 100. */
  limit?: number;
  /** Recorded on the claimed runs. */
  launcher: string;
  fence?: LeaderFence;
}

export interface FinishRunInput {
  status: 'FAILURE' | 'CANCELED';
  error: string;
  failureKind?: FailureKind | null;
  /** The event recorded with it (kind `run.<reason>`), e.g. `heartbeat-stale`, `pod-oom-killed`. */
  reason: string;
  data?: JsonObject;
  fence?: LeaderFence;
}

export interface ActiveRunCounts {
  total: number;
  byProduct: Record<string, number>;
}

export interface RunQueue {
  /** QUEUED → STARTING for the runs that fit the limits, in queue order; returns them. */
  claimRuns(options: ClaimRunsOptions): Promise<Run[]>;
  /** Remembers how to find the run's job again (pid, Job name…), for the monitor of any daemon. */
  recordLaunch(runId: string, launchRef: JsonObject): Promise<void>;
  /**
   * A queued run becomes CANCELED at once; a STARTING/STARTED one CANCELING
   * (its launcher stops the job, which ends it CANCELED). A CANCELING run is
   * returned as it is; a finished one is FLOE_STATE_ILLEGAL_TRANSITION.
   */
  requestCancel(runId: string): Promise<Run>;
  /**
   * Ends an active run from outside its job (the job died, timed out or was
   * stopped): RUNNING steps become ERROR, PENDING ones SKIPPED, an event says
   * why. A CANCELING run always ends CANCELED. Undefined when the run had
   * already finished.
   */
  finishRun(runId: string, input: FinishRunInput): Promise<Run | undefined>;
  /** Runs that finished after `finishedAfter` (ISO time), in the order they finished; default limit 500. */
  listFinishedRuns(options: { finishedAfter: string; statuses?: RunStatus[]; limit?: number }): Promise<Run[]>;
  /** STARTING, STARTED and CANCELING runs, oldest first. */
  listActiveRuns(): Promise<Run[]>;
  countActive(): Promise<ActiveRunCounts>;
  /** How many runs wait in the queue (QUEUED). */
  queueDepth(): Promise<number>;
}
