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

export interface StateDatabase {
  runs: RunsTable;
  steps: StepsTable;
  events: EventsTable;
}
