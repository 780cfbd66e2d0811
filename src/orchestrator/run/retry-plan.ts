/**
 * `floe run --retry-failed RUN`: a new run, linked to the old one, of only
 * the nodes that did not succeed — errored models, failed tests, and
 * everything skipped because of them (the tests of a failed model were
 * skipped with it, so they come along).
 */
import { FloeError } from '../../errors/index.js';
import type { StateStore, StepStatus } from '../state/index.js';
import { planFromArtifacts } from './plan-from-artifacts.js';
import { storedPlanOf } from './plan-selection.js';
import type { RunPlan, TransformStepPlan } from './run-plan.js';

const RETRIED: StepStatus[] = ['ERROR', 'FAIL', 'SKIPPED'];

export interface RetryPlanOptions {
  /** Where secret references are resolved from again. Default process.env. */
  env?: Record<string, string | undefined>;
}

/** `model.shop.orders` → `shop`. */
function packageOf(uniqueId: string): string {
  return uniqueId.split('.')[1] ?? '';
}

export async function retryPlan(store: StateStore, runIdOrPrefix: string, options: RetryPlanOptions = {}): Promise<RunPlan> {
  const run = await store.getRun(runIdOrPrefix);
  const stored = storedPlanOf(run.selection);
  if (!stored) {
    throw new FloeError('FLOE_RUN_NOT_RETRYABLE', `run ${run.id} has no recorded plan to retry`, { hint: 'start a new run with `floe run`' });
  }
  if (run.status !== 'FAILURE' && run.status !== 'CANCELED') {
    throw new FloeError('FLOE_RUN_NOTHING_TO_RETRY', `run ${run.id} is ${run.status}: nothing failed, so there is nothing to retry`, {
      hint: run.status === 'SUCCESS' ? 'every node succeeded; start a new run with `floe run` to build again' : 'wait for the run to finish, then retry it if it fails',
    });
  }
  const steps = await store.getSteps(run.id);
  const retried = steps.filter((step) => RETRIED.includes(step.status)).map((step) => step.uniqueId);
  const known = new Set(steps.map((step) => packageOf(step.uniqueId)));

  // Secrets are never stored: a platform-resolved connection is rebuilt from the artifacts.
  const origin = stored.origin;
  let fresh: RunPlan | undefined;
  if (origin?.kind === 'artifacts' && stored.steps.some((step) => step.platformCompute)) {
    const { readArtifacts } = await import('../../compile/index.js');
    fresh = await planFromArtifacts(readArtifacts(origin.productDir), origin.productDir, run.environment, { env: options.env });
  }

  const planSteps: TransformStepPlan[] = [];
  for (const step of stored.steps) {
    const { platformCompute, ...rest } = step;
    const profileOverride = platformCompute ? fresh?.steps.find((candidate) => candidate.name === step.name)?.profileOverride : undefined;
    if (platformCompute && !profileOverride) {
      throw new FloeError('FLOE_RUN_NOT_RETRYABLE', `transform ${step.name} of run ${run.id} is no longer in the compiled artifacts`, { hint: 'recompile, then start a new run with `floe run`' });
    }
    const base: TransformStepPlan = { ...rest, ...(profileOverride ? { profileOverride } : {}) };
    const ids = retried.filter((id) => !step.projectName || packageOf(id) === step.projectName);
    if (ids.length > 0) planSteps.push({ ...base, nodeIds: ids });
    // A step that recorded no node at all never got going (its project did not load): run it whole again.
    else if (step.projectName && !known.has(step.projectName)) planSteps.push(base);
  }
  if (planSteps.length === 0) {
    throw new FloeError('FLOE_RUN_NOTHING_TO_RETRY', `run ${run.id} has no failed or skipped nodes to retry`, { hint: 'start a new run with `floe run`' });
  }
  return {
    product: run.product,
    ...(run.productVersion ? { productVersion: run.productVersion } : {}),
    environment: run.environment,
    trigger: 'retry',
    parentRunId: run.id,
    ...(fresh?.artifactsHash ? { artifactsHash: fresh.artifactsHash } : run.artifactsHash ? { artifactsHash: run.artifactsHash } : {}),
    fullRefresh: stored.fullRefresh,
    threads: stored.threads,
    ...(origin ? { origin } : {}),
    ...(fresh?.secrets ? { secrets: fresh.secrets } : {}),
    steps: planSteps,
  };
}
