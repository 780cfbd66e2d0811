/**
 * Kysely's view of the state store tables (see migrations/). One schema for
 * both dialects: text ids, ISO 8601 text timestamps, JSON as text. PostgreSQL
 * returns its bigint columns as strings, hence `number | string` on reads.
 */
import type { ColumnType, Generated } from 'kysely';

type BigIntColumn = ColumnType<number | string | null, number | null, number | null>;

export interface RunsTable {
  id: string;
  product: string;
  product_version: string | null;
  environment: string;
  trigger: string;
  status: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
  attempt: number;
  parent_run_id: string | null;
  artifacts_hash: string | null;
  selection: string | null;
  counts: string | null;
  error: string | null;
  hostname: string | null;
  pid: number | null;
  bundle_digest: string | null;
  priority: ColumnType<number, number | undefined, number>;
  not_before: string | null;
  scheduled_for: string | null;
  instigator: string | null;
  root_run_id: string | null;
  failure_kind: string | null;
  timeout_seconds: number | null;
  launcher: string | null;
  launch_ref: string | null;
  dispatch_term: BigIntColumn;
  triggered_by: string | null;
}

export interface StepsTable {
  run_id: string;
  unique_id: string;
  name: string;
  resource_type: string;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: BigIntColumn;
  rows_affected: BigIntColumn;
  message: string | null;
  error: string | null;
  relation: string | null;
}

export interface EventsTable {
  id: Generated<number | string>;
  run_id: string;
  step: string | null;
  timestamp: string;
  level: string;
  kind: string;
  message: string;
  data: string | null;
}

export interface ProductsTable {
  name: string;
  product_id: string;
  domain: string | null;
  created_at: string;
  updated_at: string;
}

export interface BundlesTable {
  digest: string;
  size_bytes: BigIntColumn;
  content: Uint8Array;
  created_at: string;
}

export interface ProductVersionsTable {
  sequence: Generated<number | string>;
  product: string;
  version: string;
  digest: string;
  environment: string;
  artifacts_hash: string;
  artifacts: string;
  size_bytes: BigIntColumn;
  registered_at: string;
  registered_by: string | null;
}

export interface SchedulesTable {
  id: string;
  product: string;
  environment: string;
  cron: string;
  timezone: string;
  catch_up: string;
  enabled: number;
  paused: ColumnType<number, number | undefined, number>;
  paused_by: string | null;
  cursor: string;
  created_at: string;
  updated_at: string;
}

export interface SensorsTable {
  id: string;
  product: string;
  environment: string;
  kind: string;
  inputs: string;
  enabled: number;
  paused: ColumnType<number, number | undefined, number>;
  paused_by: string | null;
  cursor: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicksTable {
  id: Generated<number | string>;
  instigator_id: string;
  tick_key: string;
  kind: string;
  scheduled_for: string | null;
  status: string;
  run_id: string | null;
  reason: string | null;
  term: BigIntColumn;
  created_at: string;
}

export interface DaemonsTable {
  id: string;
  hostname: string;
  pid: number;
  mode: string;
  role: string;
  term: BigIntColumn;
  version: string;
  started_at: string;
  heartbeat_at: string;
  stopped_at: string | null;
}

export interface LeasesTable {
  name: string;
  holder: string | null;
  holder_session: string | null;
  term: ColumnType<number | string, number | undefined, number>;
  acquired_at: string | null;
  renewed_at: string | null;
  expires_at: string | null;
}

export interface RunResultsTable {
  run_id: string;
  transform: string;
  content: string;
  created_at: string;
}

export interface StateDatabase {
  runs: RunsTable;
  steps: StepsTable;
  events: EventsTable;
  products: ProductsTable;
  bundles: BundlesTable;
  product_versions: ProductVersionsTable;
  schedules: SchedulesTable;
  sensors: SensorsTable;
  ticks: TicksTable;
  daemons: DaemonsTable;
  leases: LeasesTable;
  run_results: RunResultsTable;
}
