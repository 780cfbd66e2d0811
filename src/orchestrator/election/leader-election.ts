/**
 * Who leads among the daemons. The daemon calls `campaign()` every retry
 * period and acts only while it leads, carrying the fence it returns on every
 * tick and dispatch. Two implementations: the state database's lease
 * (`database-election.ts`, PostgreSQL or SQLite) and a Kubernetes Lease
 * (`kubernetes-lease-election.ts`); in single mode one daemon always leads,
 * unfenced (`single-leadership.ts`).
 */
import type { LeaderFence } from '../state/index.js';

export interface Leadership {
  leader: boolean;
  /** The fence of the current term, when leading in ha mode. */
  fence?: LeaderFence;
  term?: number;
}

/** client-go's defaults: a lease lasts 15 s, the leader must renew within 10 s, everyone retries every 2 s. */
export interface ElectionTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export const DEFAULT_ELECTION_TIMINGS: ElectionTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export interface LeaderElection {
  readonly kind: 'single' | 'database' | 'kubernetes';
  /** Campaigns (or renews, when leading) once; returns the leadership after it. */
  campaign(): Promise<Leadership>;
  /** Gives the lease up at once (SIGTERM), so a standby takes over without waiting for it to expire. */
  release(): Promise<void>;
}
