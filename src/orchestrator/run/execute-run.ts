/**
 * The one code path of a run. The local `floe run`, the dev stack and a
 * Kubernetes Job all call `executeRun` with a plan; only the launcher
 * differs. It records the run (QUEUED → STARTING → STARTED → SUCCESS /
 * FAILURE / CANCELED), heartbeats while it runs, runs each transform step
 * through the transform engine, and turns the engine's events into step rows,
 * events, spans, lineage and metrics.
 *
 * The transform engine (and through it the compute drivers) is imported when
 * a run starts, not with the orchestrator: `floe status` and the services
 * that only read the state store never load it.
 */
import { FloeError, FloeErrors, formatError, isFloeError } from '../../errors/index.js';
import { injectTraceContextIntoEnv, type FloeLogger } from '../../observability/index.js';
import type { ProjectRunOutcome, RunListener } from '../../transform/index.js';
import { isTerminalRunStatus, type FailureKind, type JsonObject, type RunCounts, type RunStatus, type StateStore } from '../state/index.js';
import type { ObservabilitySettings } from './observability-settings.js';
import { planSelection } from './plan-selection.js';
import type { RunPlan, TransformStepPlan } from './run-plan.js';
import { createRunObserver } from './run-observer.js';
import { createStateRecorder, type StateRecorder } from './state-recorder.js';
import { countResults } from './step-status.js';

export interface RunServices {
  store: StateStore;
  observability: ObservabilitySettings;
  /** The caller's own listener (the CLI's printer). */
  listener?: RunListener;
  /** Aborting stops scheduling new nodes and cancels running statements; the run ends CANCELED. */
  signal?: AbortSignal;
  /** Environment for env_var(), secret references and TRACEPARENT. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Structured log lines about the run (secrets in the plan are masked). */
  logger?: FloeLogger;
  /** How often the run tells the store it is alive. Default 10 s. */
  heartbeatIntervalMs?: number;
  /** Called once the run is recorded, before anything runs (the CLI prints the id). */
  onRunCreated?(runId: string): void;
  /**
   * Run this already-recorded run (QUEUED or STARTING: a pipeline job started
   * by the orchestrator) instead of recording a new one. Exactly one process
   * can move it to STARTED; any other gets FLOE_RUN_NOT_RUNNABLE.
   */
  runId?: string;
  /** The run fails (failure kind `timeout`) when it takes longer. */
  timeoutMs?: number;
  /**
   * What `signal` means: the user stopped the run (`CANCELED`, the default:
   * Ctrl-C), or the job was stopped around it (`FAILURE`, kind
   * `infrastructure`: a pod evicted or deleted). A cancel asked for through
   * the store always ends CANCELED.
   */
  signalOutcome?: 'CANCELED' | 'FAILURE';
}

export interface RunRecordOutcome {
  runId: string;
  status: RunStatus;
  /** One per step that ran (steps skipped after a failure are not here). */
  steps: ProjectRunOutcome[];
  counts: RunCounts;
  /** Why the run failed, when it did. */
  error?: string;
}

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;

function notRunnable(runId: string, status: RunStatus): FloeError {
  return new FloeError('FLOE_RUN_NOT_RUNNABLE', `Run ${runId} is ${status}; only a queued or starting run can be run.`, {
    hint: status === 'STARTED' || status === 'CANCELING' ? 'Another job is already running it.' : 'Trigger a new run instead.',
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The nodes a step would have run, recorded as SKIPPED when it does not run. */
async function recordSkippedStep(recorder: StateRecorder, step: TransformStepPlan, env: Record<string, string | undefined>, reason: string): Promise<void> {
  try {
    const { buildGraph, loadProject, selectNodes } = await import('../../transform/index.js');
    const project = await loadProject({ projectDir: step.projectDir, profilesDir: step.profilesDir, target: step.target, vars: step.vars, env, profileOverride: step.profileOverride });
    const graph = buildGraph(project);
    const ids = step.nodeIds
      ? graph.topologicalOrder().filter((id) => step.nodeIds?.includes(id))
      : selectNodes(project, graph, { select: step.select, exclude: step.exclude, resourceTypes: step.resourceTypes });
    const nodes = ids.flatMap((id) => {
      const node = project.nodes.get(id);
      return node ? [node] : [];
    });
    recorder.skipped(step.name, nodes, reason);
  } catch (error) {
    recorder.skipped(step.name, [], `${reason}; its nodes are unknown (${errorText(error)})`);
  }
}

export async function executeRun(plan: RunPlan, services: RunServices): Promise<RunRecordOutcome> {
  const { store, logger } = services;
  const env = services.env ?? process.env;
  const { runProject, composeListeners } = await import('../../transform/index.js');
  for (const secret of plan.secrets ?? []) logger?.addSecret(secret);

  const run = services.runId
    ? await store.getRun(services.runId)
    : await store.createRun({
        product: plan.product,
        productVersion: plan.productVersion ?? null,
        environment: plan.environment,
        trigger: plan.trigger,
        parentRunId: plan.parentRunId ?? null,
        artifactsHash: plan.artifactsHash ?? null,
        selection: planSelection(plan),
      });
  const runId = run.id;
  if (run.status !== 'QUEUED' && run.status !== 'STARTING') throw notRunnable(runId, run.status);
  services.onRunCreated?.(runId);
  const log = logger?.child({ runId, product: plan.product, environment: plan.environment });
  const recorder = createStateRecorder(store, runId);
  const started = performance.now();

  // Our own controller: the caller's signal, or a cancel seen through the heartbeat, stops the run.
  const abort = new AbortController();
  const onAbort = (): void => abort.abort();
  if (services.signal?.aborted) abort.abort();
  services.signal?.addEventListener('abort', onAbort, { once: true });
  let canceledElsewhere = false;
  let cancelRequested = false;
  let timedOut = false;

  if (run.status === 'QUEUED') await store.updateRunStatus(runId, 'STARTING');
  try {
    await store.updateRunStatus(runId, 'STARTED', plan.artifactsHash ? { artifactsHash: plan.artifactsHash } : {});
  } catch (error) {
    // Another job started it first, or it was canceled while starting: nothing of ours ran.
    services.signal?.removeEventListener('abort', onAbort);
    if (isFloeError(error) && error.code === 'FLOE_STATE_ILLEGAL_TRANSITION') throw notRunnable(runId, (await store.getRun(runId)).status);
    throw error;
  }
  const observer = await createRunObserver(services.observability, {
    product: plan.product,
    runId,
    environment: plan.environment,
    env,
    onProblem(kind, message, error) {
      recorder.event({ kind: `${kind}.problem`, level: 'warn', message, data: error ? { code: error.code } : null });
      log?.warn({ kind, code: error?.code }, message);
    },
  });
  recorder.event({ kind: 'run.started', message: `Run of ${plan.product} (${plan.environment}) started, ${plan.steps.length} transform step(s).`, data: { trigger: plan.trigger, steps: plan.steps.map((s) => s.name) } });
  log?.info({ trigger: plan.trigger }, 'run started');

  const heartbeat = setInterval(() => {
    store.heartbeat(runId).then(
      (status) => {
        if (status === 'CANCELED') {
          canceledElsewhere = true;
          abort.abort();
        } else if (status === 'CANCELING') {
          cancelRequested = true;
          abort.abort();
        }
      },
      () => undefined, // a missed heartbeat is retried at the next tick; staleness is judged over many
    );
  }, services.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  const timeout =
    services.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          abort.abort();
        }, services.timeoutMs);
  timeout?.unref();

  const outcomes: ProjectRunOutcome[] = [];
  const counts: RunCounts = {};
  let failedStep: string | undefined;
  let loadError: unknown;
  // Child processes (launched by a step) join this run's trace.
  const stepEnv = observer.runSpan ? { ...env, ...injectTraceContextIntoEnv(observer.runSpan) } : env;

  try {
    for (const step of plan.steps) {
      if (failedStep !== undefined || abort.signal.aborted) {
        const reason = abort.signal.aborted ? 'the run was canceled' : `transform ${failedStep} did not succeed`;
        await recordSkippedStep(recorder, step, env, reason);
        continue;
      }
      let outcome: ProjectRunOutcome;
      try {
        outcome = await runProject({
          projectDir: step.projectDir,
          profilesDir: step.profilesDir,
          target: step.target,
          vars: step.vars,
          profileOverride: step.profileOverride,
          select: step.select,
          exclude: step.exclude,
          nodeIds: step.nodeIds,
          resourceTypes: step.resourceTypes,
          fullRefresh: plan.fullRefresh,
          threads: plan.threads,
          signal: abort.signal,
          invocationId: runId,
          env: stepEnv,
          listener: composeListeners([recorder.listenerFor(step.name), observer.listenerFor(step.name), services.listener]),
          // Lineage reads the built tables' columns on the step's own connection, before runProject closes it.
          beforeClose: async (adapter, finished) => {
            recorder.warnings(step.name, finished.project.warnings);
            await observer
              .stepFinished(finished, adapter)
              .catch((error: unknown) => recorder.event({ kind: 'lineage.problem', level: 'warn', message: `Lineage for ${step.name} failed: ${errorText(error)}` }));
          },
        });
      } catch (error) {
        loadError = error;
        failedStep = step.name;
        const errors = error instanceof FloeErrors ? error.errors : isFloeError(error) ? [error] : [];
        if (errors.length === 0) recorder.event({ kind: 'transform.failed', level: 'error', message: `Transform ${step.name} could not run: ${errorText(error)}`, data: { transform: step.name } });
        for (const floeError of errors) {
          const data: JsonObject = { transform: step.name, code: floeError.code };
          if (floeError.position) Object.assign(data, { file: floeError.position.file, line: floeError.position.line ?? null, column: floeError.position.column ?? null });
          if (floeError.hint) data.hint = floeError.hint;
          recorder.event({ kind: 'transform.failed', level: 'error', message: `Transform ${step.name} could not run: ${formatError(floeError)}`, data });
        }
        continue;
      }
      outcomes.push(outcome);
      countResults(outcome.results, counts);
      if (!outcome.success && !outcome.interrupted) failedStep = step.name;
    }
  } finally {
    clearInterval(heartbeat);
    if (timeout) clearTimeout(timeout);
    services.signal?.removeEventListener('abort', onAbort);
  }

  const interrupted = abort.signal.aborted || outcomes.some((outcome) => outcome.interrupted);
  // Stopped before a heartbeat saw the cancel (the launcher stopped the job for it): the cancel still decides.
  if (interrupted && !cancelRequested && !canceledElsewhere && services.runId) {
    const current = await store.getRun(runId).catch(() => undefined);
    if (current?.status === 'CANCELING') cancelRequested = true;
    if (current?.status === 'CANCELED') canceledElsewhere = true;
  }
  const stoppedAsFailure = interrupted && !cancelRequested && !canceledElsewhere && (timedOut || (services.signalOutcome === 'FAILURE' && services.signal?.aborted === true));
  const status: RunStatus = loadError !== undefined || failedStep !== undefined || stoppedAsFailure ? 'FAILURE' : interrupted ? 'CANCELED' : 'SUCCESS';
  const failureKind: FailureKind | null =
    status !== 'FAILURE' ? null : timedOut ? 'timeout' : stoppedAsFailure ? 'infrastructure' : 'step';
  const error =
    loadError !== undefined
      ? errorText(loadError)
      : failedStep !== undefined
        ? `${(counts.error ?? 0) + (counts.fail ?? 0)} node(s) failed in transform ${failedStep}`
        : timedOut
          ? `timed out after ${Math.round((services.timeoutMs ?? 0) / 1000)} s`
          : stoppedAsFailure
            ? 'the job was stopped before the run finished'
            : interrupted
              ? 'canceled'
              : undefined;
  const durationSeconds = (performance.now() - started) / 1000;

  recorder.event({
    kind: 'run.finished',
    level: status === 'SUCCESS' ? 'info' : status === 'CANCELED' ? 'warn' : 'error',
    message: `Run ${status}${error ? `: ${error}` : ''} (${durationSeconds.toFixed(1)}s).`,
    data: { status, counts, durationSeconds },
  });
  await observer.runFinished(status, durationSeconds, error);
  await recorder.drain();
  for (const failure of recorder.writes.failures) log?.error({ err: failure }, 'a state store write failed');
  let recordedStatus: RunStatus = canceledElsewhere ? 'CANCELED' : status;
  if (!canceledElsewhere) {
    try {
      await store.updateRunStatus(runId, status, { counts, error: error ?? null, failureKind });
    } catch (updateError) {
      // Ended by someone else after our last heartbeat (canceled, or failed by the monitor): their word stands.
      const current = (await store.getRun(runId)).status;
      if (!isTerminalRunStatus(current)) throw updateError;
      recordedStatus = current;
    }
  }
  log?.info({ status, counts, durationSeconds }, 'run finished');

  if (loadError !== undefined) throw loadError instanceof Error ? loadError : new FloeError('FLOE_RUN_FAILED', errorText(loadError));
  return { runId, status: recordedStatus, steps: outcomes, counts, ...(error ? { error } : {}) };
}
