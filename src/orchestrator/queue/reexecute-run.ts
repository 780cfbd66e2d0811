/**
 * Re-executing what failed in a finished run: a new QUEUED run, linked to it
 * (parent, next attempt), of the same bundle, running exactly the nodes that
 * errored, failed or were skipped. A run that recorded no node (its job never
 * got going) is run again whole, with its original selection.
 */
import { FloeError } from '../../errors/index.js';
import type { Run, RunTrigger, StateStore, StepStatus } from '../state/index.js';
import { runRequestSelection, selectionJson } from './run-request.js';

const RETRIED: StepStatus[] = ['ERROR', 'FAIL', 'SKIPPED'];

export interface ReexecuteOptions {
  trigger?: RunTrigger;
  triggeredBy?: string | null;
  /** Not before this time (a retry's backoff). */
  notBefore?: Date | null;
  /** Who made it (the retry policy: RETRY_POLICY_INSTIGATOR). */
  instigator?: string | null;
}

export async function reexecuteRun(store: StateStore, runIdOrPrefix: string, options: ReexecuteOptions = {}): Promise<Run> {
  const run = await store.getRun(runIdOrPrefix);
  if (run.status !== 'FAILURE' && run.status !== 'CANCELED') {
    throw new FloeError('FLOE_RUN_NOTHING_TO_RETRY', `Run ${run.id} is ${run.status}: only a failed or canceled run can be re-executed.`, {
      hint: run.status === 'SUCCESS' ? 'Every node succeeded; trigger a new run instead.' : 'Wait until the run has finished.',
    });
  }
  if (!run.bundleDigest) {
    throw new FloeError('FLOE_RUN_NOT_RETRYABLE', `Run ${run.id} did not run a registered bundle (it was a local run).`, { hint: 'Retry it where it ran: `floe run --retry-failed <id>`.' });
  }
  const steps = await store.getSteps(run.id);
  const nodes = steps.filter((step) => RETRIED.includes(step.status)).map((step) => step.uniqueId);
  if (steps.length > 0 && nodes.length === 0) {
    throw new FloeError('FLOE_RUN_NOTHING_TO_RETRY', `Run ${run.id} has no failed or skipped nodes.`, { hint: 'Trigger a new run instead.' });
  }
  const original = runRequestSelection(run.selection);
  const selection = steps.length === 0 ? original : { nodes };
  return store.createRun({
    product: run.product,
    productVersion: run.productVersion,
    environment: run.environment,
    // `retry` is the retry policy's (one per failed run); a re-execution by hand is `manual`.
    trigger: options.trigger ?? 'manual',
    bundleDigest: run.bundleDigest,
    artifactsHash: run.artifactsHash,
    selection: selectionJson(selection),
    priority: run.priority,
    parentRunId: run.id,
    timeoutSeconds: run.timeoutSeconds,
    triggeredBy: options.triggeredBy ?? null,
    notBefore: options.notBefore ?? null,
    instigator: options.instigator ?? null,
  });
}
