/**
 * Applying and checking the state store's migrations. SQLite stores migrate
 * when opened; PostgreSQL ones only through migrateStateStore (the
 * `floe orchestrator migrate` command), so a rolling upgrade never changes a
 * shared database behind the other services' backs.
 */
import { Migrator } from './kysely-runtime.js';
import { FloeError } from '../../errors/index.js';
import { translateDatabaseError } from './database-errors.js';
import {
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  STATE_MIGRATION_NAMES,
  stateMigrationProvider,
} from './migrations/state-migrations.js';
import type { StateDatabaseHandle } from './state-database.js';
import { openStateDatabase } from './state-database.js';
import { STATE_ERROR_CODES } from './state-errors.js';
import type { StateStoreConfig } from './state-store-config.js';

export interface StateMigrationStatus {
  /** Applied migrations this version of floe knows, in order. */
  applied: string[];
  /** Migrations this version of floe would apply. */
  pending: string[];
  /** Applied migrations this version does not know: a newer floe migrated the database. */
  unknown: string[];
}

export interface StateMigrationReport {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  alreadyApplied: string[];
}

/** Applies pending migrations to a PostgreSQL (or SQLite) state store. Safe to run concurrently and repeatedly. */
export async function migrateStateStore(config: StateStoreConfig): Promise<StateMigrationReport> {
  const handle = await openStateDatabase(config);
  try {
    return await applyStateMigrations(handle);
  } finally {
    await handle.db.destroy();
  }
}

/** Which migrations a state store has and lacks. */
export async function stateStoreMigrationStatus(config: StateStoreConfig): Promise<StateMigrationStatus> {
  const handle = await openStateDatabase(config);
  try {
    return await readMigrationStatus(handle);
  } finally {
    await handle.db.destroy();
  }
}

export async function applyStateMigrations(handle: StateDatabaseHandle): Promise<StateMigrationReport> {
  const before = await readMigrationStatus(handle);
  if (before.unknown.length > 0) throw schemaTooNewError(before.unknown);
  const migrator = new Migrator({
    db: handle.db,
    provider: stateMigrationProvider(handle.kind),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    migrationTableSchema: handle.schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    throw new FloeError(
      STATE_ERROR_CODES.migrationFailed,
      `Migrating the state store failed${failed ? ` in ${failed}` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      { hint: 'Nothing of the failed migration was kept. Fix the cause (permissions, disk, connection) and run it again.', cause: error },
    );
  }
  const applied = results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
  return { applied, alreadyApplied: STATE_MIGRATION_NAMES.filter((name) => !applied.includes(name)) };
}

export async function readMigrationStatus(handle: StateDatabaseHandle): Promise<StateMigrationStatus> {
  let recorded: string[];
  try {
    const rows = await handle.db
      .withTables<{ [MIGRATION_TABLE]: { name: string } }>()
      .selectFrom(MIGRATION_TABLE)
      .select('name')
      .execute();
    recorded = rows.map((row) => row.name);
  } catch (error) {
    if (!isMissingTable(error)) throw translateDatabaseError(error, 'read which migrations are applied', handle.kind);
    recorded = [];
  }
  return {
    applied: STATE_MIGRATION_NAMES.filter((name) => recorded.includes(name)),
    pending: STATE_MIGRATION_NAMES.filter((name) => !recorded.includes(name)),
    unknown: recorded.filter((name) => !STATE_MIGRATION_NAMES.includes(name)).sort(),
  };
}

/** Throws unless every migration this floe knows is applied and none it does not know. */
export async function assertStateMigrated(handle: StateDatabaseHandle): Promise<void> {
  const status = await readMigrationStatus(handle);
  if (status.unknown.length > 0) throw schemaTooNewError(status.unknown);
  if (status.pending.length > 0) {
    const fresh = status.applied.length === 0;
    throw new FloeError(
      STATE_ERROR_CODES.notMigrated,
      fresh
        ? 'The state database has no floe tables yet: it has not been migrated.'
        : `The state database is missing migration(s) ${status.pending.join(', ')}.`,
      { hint: 'Run `floe orchestrator migrate` (once per upgrade, before starting the orchestrator services).' },
    );
  }
}

function schemaTooNewError(unknown: string[]): FloeError {
  return new FloeError(
    STATE_ERROR_CODES.schemaTooNew,
    `The state database was migrated by a newer floe (unknown migration(s): ${unknown.join(', ')}).`,
    { hint: 'Upgrade floe to the version the orchestrator runs, or use a separate state database.' },
  );
}

function isMissingTable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // 42P01: PostgreSQL's undefined_table; 3F000: the configured schema does not exist.
  if (code === '42P01' || code === '3F000') return true;
  return typeof message === 'string' && message.includes('no such table');
}
