/**
 * One dispatch pass: claim the queued runs that fit the limits (fenced by the
 * leader's term) and launch a job for each. A launch that fails ends its run
 * FAILURE (kind `infrastructure`), so the retry policy can take it from there.
 */
import type { FloeLogger } from '../../observability/index.js';
import type { LaunchContext, Launcher } from '../launchers/launcher.js';
import type { LeaderFence, Run, StateStore } from '../state/index.js';

export interface DispatchOptions {
  maxActive: number;
  perProductLimit(product: string): number;
  fence?: LeaderFence;
  /** At most this many claims per pass. Default 200. */
  limit?: number;
  context?: LaunchContext;
  logger?: FloeLogger;
}

export async function dispatchRuns(store: StateStore, launcher: Launcher, options: DispatchOptions): Promise<Run[]> {
  const claimed = await store.queue.claimRuns({
    maxActive: options.maxActive,
    perProductLimit: options.perProductLimit,
    launcher: launcher.kind,
    limit: options.limit ?? 200,
    ...(options.fence ? { fence: options.fence } : {}),
  });
  await Promise.all(
    claimed.map(async (run) => {
      try {
        const ref = await launcher.launch(run, options.context ?? {});
        await store.queue.recordLaunch(run.id, ref);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        options.logger?.error({ err: error, runId: run.id }, 'launching a run failed');
        await store.queue
          .finishRun(run.id, { status: 'FAILURE', error: `launching its job failed: ${text}`, failureKind: 'infrastructure', reason: 'launch-failed' })
          .catch((finishError: unknown) => options.logger?.error({ err: finishError, runId: run.id }, 'recording a failed launch failed'));
      }
    }),
  );
  return claimed;
}
