/**
 * The records the orchestrator services keep besides runs: registered
 * products and their versions, schedules, sensors and their ticks, daemon
 * heartbeats and the leader lease. Same conventions as records.ts (ISO 8601
 * UTC text timestamps, JSON-ready values).
 */
import type { JsonObject } from './records.js';

/** One registered version of a product: a bundle compiled for one environment. */
export interface ProductVersion {
  /** Increases with every registration in the store: newer versions have larger ones. */
  sequence: number;
  product: string;
  /** The product's version from floe.yaml (several registrations may share one). */
  version: string;
  /** The bundle's content address, `sha256:<64 hex>`. */
  digest: string;
  /** The environment the bundle's artifacts were compiled for. */
  environment: string;
  /** sha256 of the compiled artifacts inside the bundle (what a run records as its artifacts hash). */
  artifactsHash: string;
  sizeBytes: number;
  registeredAt: string;
  /** Who registered it (a token's name, a user), when known. */
  registeredBy: string | null;
}

export interface ProductSummary {
  name: string;
  /** `<domain>.<name>`, or the name when the product has no domain. */
  productId: string;
  domain: string | null;
  createdAt: string;
  /** When a version was last registered. */
  updatedAt: string;
  /** The most recently registered version (any environment). */
  latest: ProductVersion;
  versionCount: number;
}

export const CATCH_UP_POLICIES = ['skip', 'latest'] as const;
/** After a daemon outage: `skip` every missed tick, or run only the `latest` one. */
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number];

/** A product's cron schedule in one environment, as its latest registered version declares it. */
export interface Schedule {
  /** `<product>:<environment>`. */
  id: string;
  product: string;
  environment: string;
  cron: string;
  timezone: string;
  catchUp: CatchUpPolicy;
  /** false when the product's floe.yaml disables it, or its latest version no longer has a schedule. */
  enabled: boolean;
  /** Paused by an operator (kept across new versions). */
  paused: boolean;
  pausedBy: string | null;
  /** Ticks at or before this time are settled (run, skipped, or before the schedule existed). */
  cursor: string;
  createdAt: string;
  updatedAt: string;
}

/** An output port of another product this product reads (floe.yaml `input_ports`). */
export interface SensorInput {
  product: string;
  port: string;
}

export const SENSOR_KINDS = ['input_ports'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/** Runs a product when one of its upstream products' output ports is materialized (the data-mesh dependency). */
export interface Sensor {
  /** `<product>:<environment>:input_ports`. */
  id: string;
  product: string;
  environment: string;
  kind: SensorKind;
  inputs: SensorInput[];
  enabled: boolean;
  paused: boolean;
  pausedBy: string | null;
  /** Where the sensor has read up to (its own format; JSON). */
  cursor: JsonObject | null;
  createdAt: string;
  updatedAt: string;
}

export const TICK_STATUSES = ['SUBMITTED', 'SKIPPED'] as const;
export type TickStatus = (typeof TICK_STATUSES)[number];

/** One evaluation of a schedule or sensor that did something: submitted a run, or skipped ticks. */
export interface Tick {
  id: number;
  instigatorId: string;
  /** Unique per instigator: the tick time for a schedule, the upstream run for a sensor. */
  tickKey: string;
  kind: 'schedule' | 'sensor';
  scheduledFor: string | null;
  status: TickStatus;
  runId: string | null;
  reason: string | null;
  /** The leader term that recorded it (null in single mode). */
  term: number | null;
  createdAt: string;
}

export const DAEMON_ROLES = ['single', 'leader', 'standby', 'stopped'] as const;
export type DaemonRole = (typeof DAEMON_ROLES)[number];

export interface DaemonHeartbeat {
  /** Unique per daemon process. */
  id: string;
  hostname: string;
  pid: number;
  mode: 'single' | 'ha';
  role: DaemonRole;
  term: number | null;
  version: string;
  startedAt: string;
  heartbeatAt: string;
  stoppedAt: string | null;
  /** Seconds since its last heartbeat, by the store's clock. */
  ageSeconds: number;
}

export interface LeaderLease {
  name: string;
  /** Null when released. */
  holder: string | null;
  /** The holder's database session (see DaemonRegistry.openSession), to tell at once when its process died. */
  holderSession: string | null;
  /** Increases with every change of holder; fences a stale leader's writes. */
  term: number;
  acquiredAt: string | null;
  renewedAt: string | null;
  expiresAt: string | null;
}

export interface DaemonStatus {
  /** The store's clock when read. */
  now: string;
  /** The current leader lease, or null when no daemon holds one (single mode, or none running). */
  leader: (LeaderLease & { expired: boolean }) | null;
  /** Daemons that heart-beat recently (newest first; stopped ones are left out). */
  daemons: DaemonHeartbeat[];
  /** Age of the freshest heartbeat of a running daemon; null when none ever beat. */
  heartbeatAgeSeconds: number | null;
}

/** The fence a leader carries: its writes only land while it still holds this lease term. */
export interface LeaderFence {
  lease: string;
  holder: string;
  term: number;
}
