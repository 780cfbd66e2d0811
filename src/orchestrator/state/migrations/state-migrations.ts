/**
 * The state store's migrations, in order, for Kysely's Migrator. A static
 * provider rather than a folder scan: the list survives bundling and `tsc`
 * output layout, and adding a migration is one import and one line here.
 * Names sort in the order they run; never rename or edit a released one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { StateStoreKind } from '../state-store.js';
import { runsStepsEventsMigration } from './0001_runs_steps_events.js';
import { orchestratorServicesMigration } from './0002_orchestrator_services.js';

const MIGRATIONS: Record<string, (kind: StateStoreKind) => Migration> = {
  '0001_runs_steps_events': runsStepsEventsMigration,
  '0002_orchestrator_services': orchestratorServicesMigration,
};

export const STATE_MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

/** Where Kysely records applied migrations (own names, so a shared database stays tidy). */
export const MIGRATION_TABLE = 'floe_state_migration';
export const MIGRATION_LOCK_TABLE = 'floe_state_migration_lock';

export function stateMigrationProvider(kind: StateStoreKind): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(kind)]));
    },
  };
}
