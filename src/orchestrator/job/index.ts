/**
 * The pipeline job: `floe job run --run-id ID`, the same for every launcher.
 *
 *   const outcome = await runJob({ store, runId, env: process.env, signal });  // → outcome.exitCode (JOB_EXIT_CODES)
 */
export { runJob, WAREHOUSE_DIR_ENV } from './run-job.js';
export type { RunJobOptions, JobOutcome } from './run-job.js';
export { JOB_EXIT_CODES } from './job-exit-codes.js';
export type { JobExitCode } from './job-exit-codes.js';
