/**
 * Leader election through the state database's lease row (PostgreSQL, or
 * SQLite on one machine). The leader renews every retry period and steps
 * down when it could not renew within the renew deadline, or at once when
 * its lease was taken. A standby takes the lease when it expired — or at
 * once when the leader's database session is gone (its process died: a
 * PostgreSQL backend closes with its client; on SQLite the pid is checked),
 * so failover after a crash does not wait for the lease to run out.
 */
import type { DatabaseSession, StateStore } from '../state/index.js';
import { DEFAULT_ELECTION_TIMINGS, type ElectionTimings, type LeaderElection, type Leadership } from './leader-election.js';

export interface DatabaseElectionOptions {
  store: StateStore;
  lease: string;
  /** This daemon's id. */
  holder: string;
  timings?: ElectionTimings;
  now?: () => number;
}

export class DatabaseElection implements LeaderElection {
  readonly kind = 'database' as const;
  readonly #options: DatabaseElectionOptions;
  readonly #timings: ElectionTimings;
  #term: number | undefined;
  #lastRenewal = 0;
  #session: DatabaseSession | undefined;

  constructor(options: DatabaseElectionOptions) {
    this.#options = options;
    this.#timings = options.timings ?? DEFAULT_ELECTION_TIMINGS;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #leadership(): Leadership {
    if (this.#term === undefined) return { leader: false };
    return { leader: true, term: this.#term, fence: { lease: this.#options.lease, holder: this.#options.holder, term: this.#term } };
  }

  async campaign(): Promise<Leadership> {
    const { store, lease: name, holder } = this.#options;
    const durationMs = this.#timings.leaseDurationMs;
    if (this.#term !== undefined) {
      try {
        if (await store.daemons.renewLease({ name, holder, term: this.#term, durationMs })) this.#lastRenewal = this.#now();
        else this.#term = undefined; // taken by another daemon
      } catch {
        if (this.#now() - this.#lastRenewal > this.#timings.renewDeadlineMs) this.#term = undefined;
      }
      return this.#leadership();
    }
    try {
      this.#session ??= await store.daemons.openSession();
      const current = await store.daemons.getLease(name);
      const holderGone = Boolean(current?.holder && current.holder !== holder && current.holderSession && (await store.daemons.isSessionAlive(current.holderSession)) === false);
      const claim = await store.daemons.acquireLease({ name, holder, durationMs, takeOver: holderGone, session: this.#session.id });
      if (claim.held) {
        this.#term = claim.lease.term;
        this.#lastRenewal = this.#now();
      }
    } catch {
      // The database is unreachable: stay a standby and campaign again next period.
    }
    return this.#leadership();
  }

  async release(): Promise<void> {
    const term = this.#term;
    this.#term = undefined;
    try {
      if (term !== undefined) await this.#options.store.daemons.releaseLease({ name: this.#options.lease, holder: this.#options.holder, term });
    } finally {
      await this.#session?.close().catch(() => undefined);
      this.#session = undefined;
    }
  }
}
