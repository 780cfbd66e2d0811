/**
 * What the orchestrator services keep: registered products, their versions
 * and bundles; the queue fields of a run (priority, earliest start, the
 * launch and the term that dispatched it); schedules, sensors and their ticks
 * (one row per tick, unique per instigator: the store, not leadership, makes
 * a tick run exactly once); daemon heartbeats and the leader lease; the
 * dbt-shaped results a pipeline job keeps with its run. Same type choices as
 * 0001: text ids and timestamps in byte order, JSON as text, 0/1 flags.
 */
import { sql } from '../kysely-runtime.js';
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { StateStoreKind } from '../state-store.js';

/** Columns added to `runs`, one ALTER each (SQLite adds one column per statement). */
function runQueueColumns(kind: StateStoreKind): Array<[string, unknown, boolean?]> {
  const id = kind === 'postgres' ? sql`varchar(36) collate "C"` : 'varchar(36)';
  const time = kind === 'postgres' ? sql`text collate "C"` : 'text';
  const bigint = kind === 'postgres' ? 'bigint' : 'integer';
  return [
    ['bundle_digest', 'text'],
    ['priority', 'integer', true],
    ['not_before', time],
    ['scheduled_for', time],
    ['instigator', 'text'],
    ['root_run_id', id],
    ['failure_kind', 'text'],
    ['timeout_seconds', 'integer'],
    ['launcher', 'text'],
    ['launch_ref', 'text'],
    ['dispatch_term', bigint],
    ['triggered_by', 'text'],
  ];
}

export function orchestratorServicesMigration(kind: StateStoreKind): Migration {
  const bigint = kind === 'postgres' ? 'bigint' : 'integer';
  const id = kind === 'postgres' ? sql`varchar(36) collate "C"` : 'varchar(36)';
  const time = kind === 'postgres' ? sql`text collate "C"` : 'text';
  const key = kind === 'postgres' ? sql`text collate "C"` : 'text';
  const blob = kind === 'postgres' ? 'bytea' : 'blob';
  // An ever-increasing key: SQLite's AUTOINCREMENT, or a PostgreSQL identity column.
  const serial = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    kind === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement();

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [column, type, notNullZero] of runQueueColumns(kind)) {
        await db.schema
          .alterTable('runs')
          // Kysely's column type parameter is a union of literals and raw SQL; ours are both.
          .addColumn(column, type as 'text', (c) => (notNullZero ? c.notNull().defaultTo(0) : c))
          .execute();
      }
      // The queue: QUEUED runs by priority, then in arrival order.
      await db.schema.createIndex('runs_queue_idx').on('runs').columns(['status', 'priority', 'id']).execute();
      await db.schema.createIndex('runs_root_run_id_idx').on('runs').column('root_run_id').execute();
      // The retry policy makes at most one automatic retry of a failed run, whichever daemon sees it.
      await db.schema.createIndex('runs_one_retry_idx').on('runs').column('parent_run_id').unique().where(sql.ref('instigator'), '=', 'retry-policy').execute();
      // The sensors read finished runs of a product in the order they finished.
      await db.schema.createIndex('runs_finished_at_idx').on('runs').columns(['finished_at', 'id']).execute();

      await db.schema
        .createTable('products')
        .addColumn('name', key, (c) => c.primaryKey())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('domain', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('bundles')
        .addColumn('digest', key, (c) => c.primaryKey())
        .addColumn('size_bytes', bigint, (c) => c.notNull())
        .addColumn('content', blob, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('product_versions')
        .addColumn('sequence', bigint, serial)
        .addColumn('product', key, (c) => c.notNull().references('products.name').onDelete('cascade'))
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('digest', key, (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('artifacts_hash', 'text', (c) => c.notNull())
        .addColumn('artifacts', 'text', (c) => c.notNull())
        .addColumn('size_bytes', bigint, (c) => c.notNull())
        .addColumn('registered_at', time, (c) => c.notNull())
        .addColumn('registered_by', 'text')
        .addUniqueConstraint('product_versions_product_digest_key', ['product', 'digest'])
        .execute();
      await db.schema
        .createIndex('product_versions_latest_idx')
        .on('product_versions')
        .columns(['product', 'environment', 'sequence'])
        .execute();

      await db.schema
        .createTable('schedules')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('product', key, (c) => c.notNull().references('products.name').onDelete('cascade'))
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('cron', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('catch_up', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('paused_by', 'text')
        .addColumn('cursor', time, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sensors')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('product', key, (c) => c.notNull().references('products.name').onDelete('cascade'))
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('paused_by', 'text')
        .addColumn('cursor', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('ticks')
        .addColumn('id', bigint, serial)
        .addColumn('instigator_id', key, (c) => c.notNull())
        .addColumn('tick_key', key, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('scheduled_for', time)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_id', id, (c) => c.references('runs.id').onDelete('set null'))
        .addColumn('reason', 'text')
        .addColumn('term', bigint)
        .addColumn('created_at', time, (c) => c.notNull())
        // Exactly one run per tick, whoever evaluates it and however often.
        .addUniqueConstraint('ticks_instigator_tick_key', ['instigator_id', 'tick_key'])
        .execute();
      await db.schema.createIndex('ticks_instigator_idx').on('ticks').columns(['instigator_id', 'id']).execute();

      await db.schema
        .createTable('daemons')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('hostname', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('term', bigint)
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('started_at', time, (c) => c.notNull())
        .addColumn('heartbeat_at', time, (c) => c.notNull())
        .addColumn('stopped_at', time)
        .execute();

      await db.schema
        .createTable('leases')
        .addColumn('name', key, (c) => c.primaryKey())
        .addColumn('holder', 'text')
        .addColumn('holder_session', 'text')
        .addColumn('term', bigint, (c) => c.notNull().defaultTo(0))
        .addColumn('acquired_at', time)
        .addColumn('renewed_at', time)
        .addColumn('expires_at', time)
        .execute();

      await db.schema
        .createTable('run_results')
        .addColumn('run_id', id, (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('transform', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('run_results_pkey', ['run_id', 'transform'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['run_results', 'leases', 'daemons', 'ticks', 'sensors', 'schedules', 'product_versions', 'bundles', 'products']) {
        await db.schema.dropTable(table).execute();
      }
      await db.schema.dropIndex('runs_finished_at_idx').execute();
      await db.schema.dropIndex('runs_one_retry_idx').execute();
      await db.schema.dropIndex('runs_root_run_id_idx').execute();
      await db.schema.dropIndex('runs_queue_idx').execute();
      for (const [column] of runQueueColumns(kind).reverse()) await db.schema.alterTable('runs').dropColumn(column).execute();
    },
  };
}
