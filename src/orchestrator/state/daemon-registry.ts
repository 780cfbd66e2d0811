/**
 * Daemon heartbeats (`floe orchestrator liveness-check`, the webserver's
 * daemon status) and the leader lease. The lease's term increases with every
 * change of holder; fenced writes (claims, ticks) land only while the term
 * they carry is current, so a leader that was paused and comes back cannot
 * act twice.
 */
import type { DaemonHeartbeat, DaemonRole, DaemonStatus, LeaderLease } from './service-records.js';

export interface HeartbeatInput {
  id: string;
  hostname: string;
  pid: number;
  mode: 'single' | 'ha';
  role: DaemonRole;
  term: number | null;
  version: string;
  startedAt: Date | string;
}

export interface AcquireLeaseInput {
  name: string;
  holder: string;
  durationMs: number;
  /** Take the lease even though it has not expired (the caller knows its holder is gone). */
  takeOver?: boolean;
  /** The holder's session, recorded with the lease. */
  session?: string | null;
}

export interface LeaseClaim {
  lease: LeaderLease;
  /** True when `holder` holds the lease after the call. */
  held: boolean;
}

/**
 * This process's session: on PostgreSQL a connection held open (the server
 * sees it end the moment the process dies), on SQLite the host and pid.
 */
export interface DatabaseSession {
  /** `pg:<backend pid>` or `proc:<host>:<pid>`. */
  id: string;
  close(): Promise<void>;
}

export interface DaemonRegistry {
  recordHeartbeat(input: HeartbeatInput): Promise<void>;
  markStopped(id: string): Promise<void>;
  /** Newest heartbeat first; stopped daemons only when asked. */
  listDaemons(options?: { includeStopped?: boolean }): Promise<DaemonHeartbeat[]>;
  status(leaseName?: string): Promise<DaemonStatus>;

  getLease(name: string): Promise<LeaderLease | undefined>;
  /** Takes a free or expired lease (term + 1), or renews one already held (same term). */
  acquireLease(input: AcquireLeaseInput): Promise<LeaseClaim>;
  /** Extends a held lease; false when the holder or term changed meanwhile. */
  renewLease(input: { name: string; holder: string; term: number; durationMs: number }): Promise<boolean>;
  /** Gives the lease up at once, so a standby takes over without waiting for it to expire. */
  releaseLease(input: { name: string; holder: string; term: number }): Promise<void>;
  /**
   * Records a term won elsewhere (a Kubernetes Lease): the store's lease
   * becomes `holder` at `term` unless it already has a higher term. False then.
   */
  recordExternalTerm(input: { name: string; holder: string; term: number; durationMs: number }): Promise<boolean>;
  /** Opens this process's session (a leader records it with its lease). */
  openSession(): Promise<DatabaseSession>;
  /**
   * Whether a session is still there: false means its process is gone (a
   * standby may take over at once); undefined when this process cannot tell
   * (an SQLite session on another host).
   */
  isSessionAlive(session: string): Promise<boolean | undefined>;
}

/** The lease the daemons of one orchestrator compete for. */
export const DAEMON_LEASE_NAME = 'floe-daemon';
