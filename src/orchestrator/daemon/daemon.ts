/**
 * `floe orchestrator daemon`: the scheduler, the sensors, the queue's
 * dispatcher, the run monitor and the retry policy, acting only while this
 * daemon leads (always in single mode; through the election in ha mode), and
 * a heartbeat to the store. Every write the leader makes carries its fence.
 * Stopping (SIGTERM): stop taking work, release leadership at once, mark the
 * daemon stopped; jobs outside the process keep running for the next leader.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FloeLogger } from '../../observability/index.js';
import { floeVersion } from '../../version/index.js';
import type { LeaderElection, Leadership } from '../election/leader-election.js';
import type { Launcher } from '../launchers/launcher.js';
import { monitorRuns } from '../monitor/monitor-runs.js';
import { retryFailedRuns } from '../monitor/retry-failed-runs.js';
import { dispatchRuns } from '../queue/dispatch-runs.js';
import { evaluateSchedules } from '../scheduler/evaluate-schedules.js';
import { evaluateInputPortSensors } from '../sensors/evaluate-input-port-sensors.js';
import { isFencedError, type DaemonRole, type StateStore } from '../state/index.js';
import type { DaemonSettings } from './daemon-settings.js';
import { ProductPolicies } from './product-policies.js';

export interface DaemonOptions {
  store: StateStore;
  settings: DaemonSettings;
  launcher: Launcher;
  election: LeaderElection;
  logger?: FloeLogger;
  /** Default `<host>-<pid>-<random>`. */
  id?: string;
}

export function newDaemonId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** How far back the retry policy looks at failed runs when a daemon starts leading. */
const RETRY_LOOKBACK_MS = 24 * 3600_000;

export class Daemon {
  readonly id: string;
  readonly #options: DaemonOptions;
  readonly #policies: ProductPolicies;
  readonly #startedAt = new Date();
  readonly #stopping = new Map<string, number>();
  #leadership: Leadership = { leader: false };
  #running = false;
  #wake: (() => void) | undefined;
  #loops: Promise<void>[] = [];
  #timers: NodeJS.Timeout[] = [];
  #nextScheduleAt = 0;
  #nextMonitorAt = 0;
  #retryScanFrom: string | undefined;

  constructor(options: DaemonOptions) {
    this.#options = options;
    this.id = options.id ?? newDaemonId();
    this.#policies = new ProductPolicies(options.store);
  }

  get leadership(): Leadership {
    return this.#leadership;
  }

  #role(): DaemonRole {
    if (!this.#running) return 'stopped';
    if (this.#options.settings.mode === 'single') return 'single';
    return this.#leadership.leader ? 'leader' : 'standby';
  }

  async #heartbeat(): Promise<void> {
    const { store, settings } = this.#options;
    await store.daemons
      .recordHeartbeat({ id: this.id, hostname: hostname(), pid: process.pid, mode: settings.mode, role: this.#role(), term: this.#leadership.term ?? null, version: floeVersion(), startedAt: this.#startedAt })
      .catch((error: unknown) => this.#options.logger?.error({ err: error }, 'recording the daemon heartbeat failed'));
  }

  async #campaign(): Promise<void> {
    const before = this.#leadership;
    this.#leadership = await this.#options.election.campaign();
    if (this.#leadership.leader !== before.leader || this.#leadership.term !== before.term) {
      this.#options.logger?.info({ daemon: this.id, leader: this.#leadership.leader, term: this.#leadership.term }, this.#leadership.leader ? 'leading' : 'standing by');
      if (this.#leadership.leader) {
        this.#retryScanFrom = undefined;
        this.#nextScheduleAt = 0;
        this.#nextMonitorAt = 0;
      }
      await this.#heartbeat();
      this.wake();
    }
  }

  /** Looks at the queue now (a run was just queued in this process). */
  wake(): void {
    this.#wake?.();
  }

  async start(): Promise<void> {
    const { settings } = this.#options;
    this.#running = true;
    await this.#campaign();
    await this.#heartbeat();
    const heartbeat = setInterval(() => void this.#heartbeat(), settings.heartbeatIntervalMs);
    this.#timers.push(heartbeat);
    if (settings.mode === 'ha') this.#loops.push(this.#electionLoop());
    this.#loops.push(this.#workLoop());
  }

  async #sleep(ms: number): Promise<void> {
    if (!this.#running) return;
    // Even "no wait" yields to timers and I/O: a pass that resolves at once must not starve the election loop.
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }

  async #electionLoop(): Promise<void> {
    while (this.#running) {
      await new Promise((resolve) => setTimeout(resolve, this.#options.settings.timings.retryPeriodMs));
      if (!this.#running) break;
      await this.#campaign().catch((error: unknown) => this.#options.logger?.error({ err: error }, 'campaigning failed'));
    }
  }

  async #workLoop(): Promise<void> {
    const { settings } = this.#options;
    while (this.#running) {
      let busy = false;
      if (this.#leadership.leader) {
        try {
          busy = await this.#work();
        } catch (error) {
          if (isFencedError(error)) {
            this.#options.logger?.warn({ daemon: this.id, term: this.#leadership.term }, 'fenced: another daemon leads now');
            this.#leadership = { leader: false };
            void this.#heartbeat();
          } else {
            this.#options.logger?.error({ err: error }, 'a daemon pass failed');
          }
        }
      }
      const untilSchedule = this.#leadership.leader ? this.#nextScheduleAt - Date.now() : settings.pollIntervalMs;
      await this.#sleep(busy ? 0 : Math.max(0, Math.min(settings.pollIntervalMs, untilSchedule)));
    }
  }

  /** One pass; true when the queue may hold more it could dispatch right away. */
  async #work(): Promise<boolean> {
    const { store, settings, launcher, logger } = this.#options;
    const fence = this.#leadership.fence;
    const now = new Date();
    if (now.getTime() >= this.#nextMonitorAt) {
      this.#nextMonitorAt = now.getTime() + settings.monitorIntervalMs;
      await this.#policies.refresh();
      await monitorRuns(store, launcher, { now, policies: this.#policies, staleAfterMs: settings.staleAfterMs, startTimeoutMs: settings.startTimeoutMs, cancelGraceMs: settings.cancelGraceMs, stopping: this.#stopping, ...(fence ? { fence } : {}), ...(logger ? { logger } : {}) });
      const scanFrom = this.#retryScanFrom ?? new Date(now.getTime() - RETRY_LOOKBACK_MS).toISOString();
      await retryFailedRuns(store, { finishedAfter: scanFrom, policies: this.#policies, ...(logger ? { logger } : {}) });
      // Look a little back next time too: a run finished on a host whose clock is behind.
      this.#retryScanFrom = new Date(now.getTime() - 60_000).toISOString();
      await evaluateInputPortSensors(store, { now, ...(fence ? { fence } : {}), ...(logger ? { logger } : {}) });
    }
    if (now.getTime() >= this.#nextScheduleAt) {
      const { nextTickAt } = await evaluateSchedules(store, { now, lateAfterMs: settings.lateAfterMs, ...(fence ? { fence } : {}), ...(logger ? { logger } : {}) });
      this.#nextScheduleAt = Math.min(nextTickAt?.getTime() ?? Number.POSITIVE_INFINITY, now.getTime() + settings.pollIntervalMs);
    }
    const limit = 200;
    const claimed = await dispatchRuns(store, launcher, { maxActive: settings.maxRuns, perProductLimit: (product) => this.#policies.perProductLimit(product), limit, ...(fence ? { fence } : {}), ...(logger ? { logger } : {}) });
    return claimed.length === limit;
  }

  /** SIGTERM: stop taking work, give leadership up, mark this daemon stopped. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    for (const timer of this.#timers) clearInterval(timer);
    this.wake();
    await Promise.all(this.#loops);
    await this.#options.election.release().catch((error: unknown) => this.#options.logger?.error({ err: error }, 'releasing leadership failed'));
    this.#leadership = { leader: false };
    await this.#options.launcher.close({ graceMs: this.#options.settings.shutdownGraceMs });
    await this.#options.store.daemons.markStopped(this.id).catch(() => undefined);
  }
}
