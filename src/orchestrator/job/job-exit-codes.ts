/**
 * `floe job run`'s exit codes: what a launcher (and a person reading a
 * Kubernetes Job's status) learns from the process alone.
 */
export const JOB_EXIT_CODES = {
  /** The run succeeded. */
  success: 0,
  /** The run failed: a node failed, or a transform could not load. */
  failure: 1,
  /** The command line was wrong (commander's usage error). */
  usage: 2,
  /** The run was canceled. */
  canceled: 3,
  /** Something around the run failed: the store, the bundle, the job's own process. */
  infrastructure: 4,
  /** The run cannot be run by this job: unknown, already started by another job, or finished. */
  notRunnable: 5,
} as const;

export type JobExitCode = (typeof JOB_EXIT_CODES)[keyof typeof JOB_EXIT_CODES];
