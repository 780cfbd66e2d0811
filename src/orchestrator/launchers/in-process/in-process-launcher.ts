/**
 * Runs a run's job inside the daemon's process: `runJob` on the daemon's own
 * store, exactly what `floe job run` does. Nothing outlives the daemon, so a
 * run launched by another (dead) daemon is `unknown` here and its heartbeat
 * decides.
 */
import { runJob, type JobOutcome } from '../../job/index.js';
import type { JsonObject, Run, StateStore } from '../../state/index.js';
import type { JobStatus, LaunchContext, Launcher } from '../launcher.js';

export interface InProcessLauncherOptions {
  store: StateStore;
  /** This daemon's id, recorded in the launch ref. */
  daemonId: string;
  env?: Record<string, string | undefined>;
  warehouseDir?: string;
  heartbeatIntervalMs?: number;
}

interface InProcessJob {
  abort: AbortController;
  done: Promise<JobOutcome>;
  outcome?: JobOutcome;
}

export class InProcessLauncher implements Launcher {
  readonly kind = 'in-process' as const;
  readonly #options: InProcessLauncherOptions;
  readonly #jobs = new Map<string, InProcessJob>();

  constructor(options: InProcessLauncherOptions) {
    this.#options = options;
  }

  async launch(run: Run, context: LaunchContext): Promise<JsonObject> {
    const abort = new AbortController();
    const env = { ...(this.#options.env ?? process.env), ...(context.traceContext ?? {}) };
    const job: InProcessJob = {
      abort,
      done: runJob({
        store: this.#options.store,
        runId: run.id,
        env,
        signal: abort.signal,
        ...(this.#options.warehouseDir ? { warehouseDir: this.#options.warehouseDir } : {}),
        ...(this.#options.heartbeatIntervalMs ? { heartbeatIntervalMs: this.#options.heartbeatIntervalMs } : {}),
      }).then(
        (outcome) => (job.outcome = outcome),
        (error: unknown) => (job.outcome = { runId: run.id, exitCode: 4, error: error instanceof Error ? error.message : String(error) }),
      ),
    };
    this.#jobs.set(run.id, job);
    return { daemon: this.#options.daemonId };
  }

  async inspect(run: Run): Promise<JobStatus> {
    const job = this.#jobs.get(run.id);
    if (!job) return { state: 'unknown' };
    if (!job.outcome) return { state: 'running' };
    this.#jobs.delete(run.id);
    return job.outcome.exitCode === 0 ? { state: 'succeeded' } : { state: 'failed', reason: job.outcome.error ?? `exit code ${job.outcome.exitCode}` };
  }

  async stop(run: Run): Promise<void> {
    this.#jobs.get(run.id)?.abort.abort();
  }

  /** Runs still going in this process. */
  get running(): number {
    return [...this.#jobs.values()].filter((job) => !job.outcome).length;
  }

  async close(options: { graceMs?: number } = {}): Promise<void> {
    const pending = [...this.#jobs.values()].filter((job) => !job.outcome);
    if (pending.length === 0) return;
    const all = Promise.all(pending.map((job) => job.done));
    const graceMs = options.graceMs ?? 30_000;
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
    if ((await Promise.race([all, timer])) === 'late') {
      for (const job of pending) job.abort.abort();
      await all;
    }
  }
}
