/**
 * The first schema: runs, steps, events. Types chosen to mean the same in
 * SQLite and PostgreSQL: text ids and ISO 8601 text timestamps, JSON as text,
 * bigint counters. Only the events id differs (SQLite's INTEGER PRIMARY KEY
 * AUTOINCREMENT vs a PostgreSQL identity column): both only ever increase.
 */
import { sql } from '../kysely-runtime.js';
import type { Kysely, Migration } from 'kysely';
import type { StateStoreKind } from '../state-store.js';

export function runsStepsEventsMigration(kind: StateStoreKind): Migration {
  const bigint = kind === 'postgres' ? 'bigint' : 'integer';
  // Ids and timestamps are compared and ordered as text; byte order ("C") is
  // what makes that time order, whatever the database's default collation.
  const id = kind === 'postgres' ? sql`varchar(36) collate "C"` : 'varchar(36)';
  const time = kind === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('runs')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('product_version', 'text')
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('started_at', time)
        .addColumn('finished_at', time)
        .addColumn('heartbeat_at', time)
        .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('parent_run_id', id, (c) => c.references('runs.id').onDelete('set null'))
        .addColumn('artifacts_hash', 'text')
        .addColumn('selection', 'text')
        .addColumn('counts', 'text')
        .addColumn('error', 'text')
        .addColumn('hostname', 'text')
        .addColumn('pid', 'integer')
        .execute();
      // Recent runs use the primary key (ids sort by creation time).
      await db.schema.createIndex('runs_created_at_idx').on('runs').column('created_at').execute();
      await db.schema.createIndex('runs_product_status_idx').on('runs').columns(['product', 'status', 'id']).execute();
      // The daemon's queue and the interrupted-run sweep look runs up by status.
      await db.schema.createIndex('runs_status_idx').on('runs').columns(['status', 'id']).execute();
      await db.schema.createIndex('runs_parent_run_id_idx').on('runs').column('parent_run_id').execute();

      await db.schema
        .createTable('steps')
        .addColumn('run_id', id, (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('unique_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', time)
        .addColumn('finished_at', time)
        .addColumn('duration_ms', bigint)
        .addColumn('rows_affected', bigint)
        .addColumn('message', 'text')
        .addColumn('error', 'text')
        .addColumn('relation', 'text')
        .addPrimaryKeyConstraint('steps_pkey', ['run_id', 'unique_id'])
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', bigint, (c) =>
          kind === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('run_id', id, (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('step', 'text')
        .addColumn('timestamp', time, (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('data', 'text')
        .execute();
      // `floe logs --follow`: a run's events after id N, optionally one step's.
      await db.schema.createIndex('events_run_id_idx').on('events').columns(['run_id', 'id']).execute();
      await db.schema.createIndex('events_run_step_idx').on('events').columns(['run_id', 'step', 'id']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('events').execute();
      await db.schema.dropTable('steps').execute();
      await db.schema.dropTable('runs').execute();
    },
  };
}
