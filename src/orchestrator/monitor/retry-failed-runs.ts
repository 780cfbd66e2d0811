/**
 * The retry policy: a run that failed with a kind the product's policy
 * retries, on an attempt below its maximum, gets one new attempt linked to it
 * (parent, root, attempt + 1), after the backoff (doubling per attempt),
 * re-executing what failed. Jobs never retry themselves. At most one such
 * retry exists per failed run (a unique index), whichever daemon saw it.
 */
import type { FloeLogger } from '../../observability/index.js';
import type { ProductPolicies } from '../daemon/product-policies.js';
import { reexecuteRun } from '../queue/reexecute-run.js';
import { RETRY_POLICY_INSTIGATOR, type Run, type StateStore } from '../state/index.js';

export interface RetryOptions {
  /** Failed runs that finished after this are looked at. */
  finishedAfter: string;
  policies: ProductPolicies;
  logger?: FloeLogger;
}

export async function retryFailedRuns(store: StateStore, options: RetryOptions): Promise<Run[]> {
  const failed = await store.queue.listFinishedRuns({ finishedAfter: options.finishedAfter, statuses: ['FAILURE'] });
  const retries: Run[] = [];
  for (const run of failed) {
    if (!run.bundleDigest || !run.failureKind) continue;
    const policy = await options.policies.forRun(run);
    if (run.attempt >= policy.maxAttempts || !policy.retryOn.includes(run.failureKind)) continue;
    const backoffMs = policy.backoffSeconds * 1000 * 2 ** (run.attempt - 1);
    try {
      const retry = await reexecuteRun(store, run.id, {
        trigger: 'retry',
        instigator: RETRY_POLICY_INSTIGATOR,
        triggeredBy: 'retry policy',
        notBefore: new Date(Date.parse(run.finishedAt ?? new Date().toISOString()) + backoffMs),
      });
      retries.push(retry);
      options.logger?.info({ runId: run.id, retryRunId: retry.id, attempt: retry.attempt }, 'retrying a failed run');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'FLOE_STATE_ALREADY_RETRIED' || code === 'FLOE_RUN_NOTHING_TO_RETRY') continue;
      options.logger?.error({ err: error, runId: run.id }, 'retrying a failed run failed');
    }
  }
  return retries;
}
