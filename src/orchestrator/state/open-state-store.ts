/**
 * Opening the state store: connect, then make sure the schema is current —
 * migrating an embedded SQLite store on the spot, refusing an unmigrated
 * PostgreSQL one with FLOE_STATE_NOT_MIGRATED.
 */
import { FloeError } from '../../errors/index.js';
import { withDatabaseErrors } from './database-errors.js';
import { SqlStateStore } from './sql-state-store.js';
import { openStateDatabase } from './state-database.js';
import { STATE_ERROR_CODES } from './state-errors.js';
import { applyStateMigrations, assertStateMigrated } from './state-migrations-runner.js';
import type { StateStoreConfig } from './state-store-config.js';
import type { StateStore } from './state-store.js';

export interface OpenStateStoreOptions {
  /**
   * `auto` applies pending migrations (SQLite only, the default there);
   * `none` only checks that the schema is current (the default, and the only
   * choice, for PostgreSQL: migrate it with migrateStateStore).
   */
  migrate?: 'auto' | 'none';
  /** The store's notion of now. Defaults to the system clock; tests and simulations may pass their own. */
  clock?: () => Date;
}

export async function openStateStore(config: StateStoreConfig, options: OpenStateStoreOptions = {}): Promise<StateStore> {
  const migrate = options.migrate ?? (config.kind === 'sqlite' ? 'auto' : 'none');
  if (migrate !== 'auto' && migrate !== 'none') {
    throw new FloeError(STATE_ERROR_CODES.invalidOptions, `migrate must be 'auto' or 'none', got "${String(migrate)}".`);
  }
  if (migrate === 'auto' && config.kind === 'postgres') {
    throw new FloeError(STATE_ERROR_CODES.invalidOptions, 'A PostgreSQL state store is never migrated automatically.', {
      hint: "Run `floe orchestrator migrate` (migrateStateStore()) once, then open it with { migrate: 'none' }.",
    });
  }
  const handle = await openStateDatabase(config);
  try {
    if (migrate === 'auto') await applyStateMigrations(handle);
    else await assertStateMigrated(handle);
  } catch (error) {
    await handle.db.destroy();
    throw error;
  }
  return withDatabaseErrors(new SqlStateStore(handle, options.clock ?? (() => new Date())));
}
