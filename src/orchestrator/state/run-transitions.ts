/**
 * The run lifecycle. A run only moves forward:
 * QUEUED → STARTING → STARTED → SUCCESS | FAILURE | CANCELED, or QUEUED → CANCELED.
 * STARTING → FAILURE/CANCELED is also allowed: a launcher can fail or be
 * canceled before the job process starts. A cancel asked for while a job runs
 * makes it CANCELING; the job (or, when the job is gone, the monitor) then
 * ends it CANCELED — or SUCCESS/FAILURE when it finished first.
 */
import type { RunStatus, StepStatus } from './records.js';

const NEXT_STATUSES: Record<RunStatus, readonly RunStatus[]> = {
  QUEUED: ['STARTING', 'CANCELED'],
  STARTING: ['STARTED', 'CANCELING', 'FAILURE', 'CANCELED'],
  STARTED: ['CANCELING', 'SUCCESS', 'FAILURE', 'CANCELED'],
  CANCELING: ['SUCCESS', 'FAILURE', 'CANCELED'],
  SUCCESS: [],
  FAILURE: [],
  CANCELED: [],
};

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['SUCCESS', 'FAILURE', 'CANCELED'];
/** A job holds these runs: they count against the concurrency limits and heartbeat. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['STARTING', 'STARTED', 'CANCELING'];
export const FINISHED_STEP_STATUSES: readonly StepStatus[] = ['SUCCESS', 'ERROR', 'PASS', 'WARN', 'FAIL'];

export function nextRunStatuses(from: RunStatus): readonly RunStatus[] {
  return NEXT_STATUSES[from];
}

/** The statuses a run may be in to move to `to`. */
export function previousRunStatuses(to: RunStatus): RunStatus[] {
  return (Object.keys(NEXT_STATUSES) as RunStatus[]).filter((from) => NEXT_STATUSES[from].includes(to));
}

export function isTerminalRunStatus(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}
