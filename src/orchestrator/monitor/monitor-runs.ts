/**
 * One pass of the run monitor over the active runs. A run ends FAILURE (with
 * the reason recorded) when its job stopped heart-beating, when it never got
 * going, when its job failed or vanished without recording an end (a pod
 * OOM-killed, evicted, a process killed), or when it ran past its timeout
 * (its job is stopped). A CANCELING run has its job stopped, and ends
 * CANCELED when the job is gone or the grace period is over.
 */
import type { FloeLogger } from '../../observability/index.js';
import type { ProductPolicies } from '../daemon/product-policies.js';
import type { Launcher } from '../launchers/launcher.js';
import type { FinishRunInput, JsonObject, LeaderFence, Run, StateStore } from '../state/index.js';

export interface MonitorOptions {
  now: Date;
  policies: ProductPolicies;
  /** A STARTED run whose last heartbeat is older is lost. Default 60 s (jobs beat every 10 s). */
  staleAfterMs?: number;
  /** A STARTING run whose job did not start within this is failed. Default 5 min (image pulls). */
  startTimeoutMs?: number;
  /** A CANCELING run whose job did not end within this is ended CANCELED. Default 60 s. */
  cancelGraceMs?: number;
  fence?: LeaderFence;
  logger?: FloeLogger;
  /** When this daemon first asked each CANCELING run's job to stop (kept between passes). */
  stopping: Map<string, number>;
}

function age(now: Date, iso: string | null): number {
  return iso === null ? Number.POSITIVE_INFINITY : now.getTime() - Date.parse(iso);
}

export async function monitorRuns(store: StateStore, launcher: Launcher, options: MonitorOptions): Promise<Run[]> {
  const { now } = options;
  const ended: Run[] = [];
  const finish = async (run: Run, input: Omit<FinishRunInput, 'fence'>): Promise<void> => {
    const result = await store.queue.finishRun(run.id, { ...input, ...(options.fence ? { fence: options.fence } : {}) });
    if (result) {
      ended.push(result);
      options.logger?.warn({ runId: run.id, reason: input.reason, status: result.status }, `run ${result.status}: ${input.error}`);
    }
  };
  const active = await store.queue.listActiveRuns();
  for (const run of active) {
    try {
      const ours = run.launcher === launcher.kind;
      const job = ours ? await launcher.inspect(run) : { state: 'unknown' as const };
      const logs: JsonObject = job.lastLogLines?.length ? { lastLogLines: job.lastLogLines } : {};

      if (run.status === 'CANCELING') {
        if (!options.stopping.has(run.id)) {
          options.stopping.set(run.id, now.getTime());
          if (ours) await launcher.stop(run, 'canceled');
        }
        const gone = job.state === 'gone' || job.state === 'succeeded' || job.state === 'failed';
        if (gone || now.getTime() - options.stopping.get(run.id)! > (options.cancelGraceMs ?? 60_000)) {
          await finish(run, { status: 'CANCELED', error: 'canceled', reason: 'canceled', data: logs });
          options.stopping.delete(run.id);
        }
        continue;
      }

      const policy = await options.policies.forRun(run);
      const timeoutSeconds = run.timeoutSeconds ?? policy.runTimeoutSeconds;
      if (run.status === 'STARTED' && age(now, run.startedAt) > timeoutSeconds * 1000) {
        if (ours) await launcher.stop(run, 'timeout');
        await finish(run, { status: 'FAILURE', error: `timed out after ${timeoutSeconds} s`, failureKind: 'timeout', reason: 'timeout' });
        continue;
      }
      if (job.state === 'failed' || job.state === 'gone' || job.state === 'succeeded') {
        // The job ended but the run did not: it died before it could record its end.
        const what = job.state === 'gone' ? 'its job vanished' : `its job ended${job.reason ? ` (${job.reason})` : ''} without recording the run's end`;
        await finish(run, { status: 'FAILURE', error: job.state === 'gone' && job.reason ? `its job vanished: ${job.reason}` : what, failureKind: 'infrastructure', reason: job.state === 'gone' ? 'job-vanished' : 'job-died', data: { ...logs, ...(job.reason ? { jobReason: job.reason } : {}) } });
        continue;
      }
      if (run.status === 'STARTING' && age(now, run.heartbeatAt) > (options.startTimeoutMs ?? 300_000)) {
        if (ours) await launcher.stop(run, 'start-timeout');
        await finish(run, { status: 'FAILURE', error: `its job did not start within ${Math.round((options.startTimeoutMs ?? 300_000) / 1000)} s${job.reason ? ` (${job.reason})` : ''}`, failureKind: 'infrastructure', reason: 'start-timeout', data: logs });
        continue;
      }
      if (run.status === 'STARTED' && age(now, run.heartbeatAt) > (options.staleAfterMs ?? 60_000)) {
        if (ours) await launcher.stop(run, 'heartbeat-stale');
        await finish(run, { status: 'FAILURE', error: `its job stopped heart-beating (last heartbeat ${run.heartbeatAt})`, failureKind: 'infrastructure', reason: 'heartbeat-stale', data: logs });
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === 'FLOE_STATE_FENCED') throw error;
      options.logger?.error({ err: error, runId: run.id }, 'monitoring a run failed');
    }
  }
  return ended;
}
