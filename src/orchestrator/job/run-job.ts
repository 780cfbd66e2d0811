/**
 * `floe job run --run-id ID`: one pipeline job, identical for every launcher.
 * It reads the run, fetches its bundle by digest, verifies and unpacks it to a
 * private temp folder, resolves secret references from its own environment,
 * runs it through `executeRun` (heartbeats, steps, events, lineage, traces —
 * joining the daemon's trace through TRACEPARENT), keeps the dbt-shaped
 * results with the run, removes the folder and tells its outcome as an exit
 * code. A relative DuckDB path resolves against the warehouse folder
 * (FLOE_WAREHOUSE_DIR), never the temp folder.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { FloeError, isFloeError } from '../../errors/index.js';
import type { FloeLogger } from '../../observability/index.js';
import type { RunListener } from '../../transform/index.js';
import { bundleLimitsFromEnv, unpackBundle, type BundleLimits, type UnpackedBundle } from '../bundle/index.js';
import { runRequestSelection } from '../queue/run-request.js';
import { executeRun, observabilityFromArtifacts, planFromArtifacts, type RunPlan, type RunRecordOutcome } from '../run/index.js';
import { isTerminalRunStatus, type JsonObject, type Run, type RunStatus, type StateStore } from '../state/index.js';
import { JOB_EXIT_CODES, type JobExitCode } from './job-exit-codes.js';

export const WAREHOUSE_DIR_ENV = 'FLOE_WAREHOUSE_DIR';

export interface RunJobOptions {
  store: StateStore;
  runId: string;
  /** Secrets, TRACEPARENT, FLOE_WAREHOUSE_DIR. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Default FLOE_WAREHOUSE_DIR, else the current folder. */
  warehouseDir?: string;
  /** SIGTERM: the job is being stopped (the run fails as `infrastructure` unless a cancel was asked for). */
  signal?: AbortSignal;
  listener?: RunListener;
  logger?: FloeLogger;
  bundleLimits?: BundleLimits;
  /** Where the private temp folder is made. Default the system's. */
  tempDir?: string;
  heartbeatIntervalMs?: number;
}

export interface JobOutcome {
  runId: string;
  /** The run's status when the job ended (undefined when the run does not exist). */
  status?: RunStatus;
  exitCode: JobExitCode;
  error?: string;
}

const EXIT_BY_STATUS: Partial<Record<RunStatus, JobExitCode>> = {
  SUCCESS: JOB_EXIT_CODES.success,
  FAILURE: JOB_EXIT_CODES.failure,
  CANCELED: JOB_EXIT_CODES.canceled,
};

function message(error: unknown): string {
  return isFloeError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
}

/** The run fails before it could start (no bundle, a bad one, a secret missing): recorded, kind `infrastructure`. */
async function failBeforeStart(store: StateStore, run: Run, error: unknown): Promise<JobOutcome> {
  const text = message(error);
  try {
    if (run.status === 'QUEUED') await store.updateRunStatus(run.id, 'STARTING');
    const ended = await store.queue.finishRun(run.id, { status: 'FAILURE', error: `the job could not start the run: ${text}`, failureKind: 'infrastructure', reason: 'job-setup-failed', data: isFloeError(error) ? { code: error.code } : {} });
    return { runId: run.id, status: ended?.status ?? (await store.getRun(run.id)).status, exitCode: JOB_EXIT_CODES.infrastructure, error: text };
  } catch {
    return { runId: run.id, exitCode: JOB_EXIT_CODES.infrastructure, error: text };
  }
}

/** Each transform's target/run_results.json, kept with the run (the temp folder goes away). */
async function keepRunResults(store: StateStore, runId: string, plan: RunPlan, outcome: RunRecordOutcome, logger: FloeLogger | undefined): Promise<void> {
  for (const step of outcome.steps) {
    const { root, settings } = step.project;
    const transform = plan.steps.find((candidate) => resolve(candidate.projectDir) === resolve(root))?.name ?? settings.name;
    const file = join(isAbsolute(settings.targetPath) ? settings.targetPath : join(root, settings.targetPath), 'run_results.json');
    try {
      const results = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
      await store.saveRunResults(runId, transform, results);
    } catch (error) {
      logger?.warn({ err: error, file }, 'could not keep the run results');
    }
  }
}

export async function runJob(options: RunJobOptions): Promise<JobOutcome> {
  const { store, runId, logger } = options;
  const env = options.env ?? process.env;
  let run: Run;
  try {
    run = await store.getRun(runId);
  } catch (error) {
    const notFound = isFloeError(error) && (error.code === 'FLOE_STATE_RUN_NOT_FOUND' || error.code === 'FLOE_STATE_RUN_ID_INVALID');
    return { runId, exitCode: notFound ? JOB_EXIT_CODES.notRunnable : JOB_EXIT_CODES.infrastructure, error: message(error) };
  }
  if (run.status === 'CANCELING') {
    const ended = await store.queue.finishRun(run.id, { status: 'CANCELED', error: 'canceled before the job started', reason: 'canceled-before-start' });
    return { runId: run.id, status: ended?.status ?? 'CANCELED', exitCode: JOB_EXIT_CODES.canceled };
  }
  if (run.status !== 'QUEUED' && run.status !== 'STARTING') {
    return { runId: run.id, status: run.status, exitCode: JOB_EXIT_CODES.notRunnable, error: `run ${run.id} is ${run.status}` };
  }
  if (!run.bundleDigest) {
    return { runId: run.id, status: run.status, exitCode: JOB_EXIT_CODES.notRunnable, error: `run ${run.id} names no product bundle (it is not an orchestrator run)` };
  }

  let unpacked: UnpackedBundle | undefined;
  try {
    const bytes = await store.bundles.get(run.bundleDigest);
    if (!bytes) {
      throw new FloeError('FLOE_BUNDLE_NOT_FOUND', `the bundle ${run.bundleDigest} of run ${run.id} is not in the store`, { hint: 'register the product again (`floe product register`)' });
    }
    unpacked = await unpackBundle(bytes, { expectedDigest: run.bundleDigest, limits: options.bundleLimits ?? bundleLimitsFromEnv(env), ...(options.tempDir ? { parentDir: options.tempDir } : {}) });
  } catch (error) {
    unpacked?.remove();
    return failBeforeStart(store, run, error);
  }

  try {
    const warehouseDir = options.warehouseDir ?? (env[WAREHOUSE_DIR_ENV]?.trim() || process.cwd());
    const selection = runRequestSelection(run.selection);
    const { artifacts } = unpacked;
    let plan: RunPlan;
    let observability;
    try {
      plan = await planFromArtifacts(artifacts, unpacked.dir, run.environment, {
        env,
        trigger: run.trigger,
        warehouseDir,
        ...(selection?.select ? { select: selection.select } : {}),
        ...(selection?.exclude ? { exclude: selection.exclude } : {}),
        ...(selection?.nodes ? { nodes: selection.nodes } : {}),
      });
      if (run.productVersion) plan.productVersion = run.productVersion;
      observability = await observabilityFromArtifacts(artifacts, env, { environment: run.environment, productDir: warehouseDir });
    } catch (error) {
      return await failBeforeStart(store, run, error);
    }
    const runTimeout = run.timeoutSeconds ?? Number((artifacts.orchestrator as { run_timeout?: unknown }).run_timeout ?? NaN);
    let outcome: RunRecordOutcome;
    try {
      outcome = await executeRun(plan, {
        store,
        observability,
        runId: run.id,
        env,
        signalOutcome: 'FAILURE',
        ...(Number.isFinite(runTimeout) && runTimeout > 0 ? { timeoutMs: runTimeout * 1000 } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.listener ? { listener: options.listener } : {}),
        ...(logger ? { logger } : {}),
        ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      });
    } catch (error) {
      if (isFloeError(error) && error.code === 'FLOE_RUN_NOT_RUNNABLE') return { runId: run.id, status: (await store.getRun(run.id)).status, exitCode: JOB_EXIT_CODES.notRunnable, error: error.message };
      const current = await store.getRun(run.id).catch(() => undefined);
      // A transform that could not load: executeRun recorded the run FAILURE before rethrowing.
      if (current && isTerminalRunStatus(current.status)) return { runId: run.id, status: current.status, exitCode: EXIT_BY_STATUS[current.status] ?? JOB_EXIT_CODES.failure, error: message(error) };
      if (current) await store.queue.finishRun(run.id, { status: 'FAILURE', error: `the job failed: ${message(error)}`, failureKind: 'infrastructure', reason: 'job-crashed' }).catch(() => undefined);
      return { runId: run.id, status: 'FAILURE', exitCode: JOB_EXIT_CODES.infrastructure, error: message(error) };
    }
    await keepRunResults(store, run.id, plan, outcome, logger);
    const current = (await store.getRun(run.id)).status;
    const failedAround = current === 'FAILURE' && (await store.getRun(run.id)).failureKind === 'infrastructure';
    return {
      runId: run.id,
      status: current,
      exitCode: failedAround ? JOB_EXIT_CODES.infrastructure : (EXIT_BY_STATUS[current] ?? JOB_EXIT_CODES.infrastructure),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  } finally {
    unpacked.remove();
  }
}
