/**
 * The state store a local `floe run` / `floe status` uses: the embedded
 * SQLite file `<project>/.floe/state.db`, or the platform's PostgreSQL when
 * FLOE_STATE_DATABASE_URL is set (migrated beforehand by the explicit
 * migrate step). Opening it also closes the books on runs that crashed.
 */
import { existsSync } from 'node:fs';
import { embeddedStateStoreConfig, openStateStore, type Run, type StateStore, type StateStoreConfig } from '../state/index.js';

export interface LocalStateStoreOptions {
  env?: Record<string, string | undefined>;
  /** A STARTED run without a heartbeat for this long is interrupted. Default 2 minutes (runs beat every 10 s). */
  staleAfterMs?: number;
}

export interface LocalStateStore {
  store: StateStore;
  config: StateStoreConfig;
  /** Runs found crashed and marked FAILURE ("interrupted") on open. */
  interrupted: Run[];
}

export const DEFAULT_STALE_AFTER_MS = 120_000;

export function localStateStoreConfig(projectDir: string, env: Record<string, string | undefined> = process.env): StateStoreConfig {
  const url = env.FLOE_STATE_DATABASE_URL?.trim();
  return url ? { kind: 'postgres', url } : embeddedStateStoreConfig(projectDir);
}

/** False when the project has no embedded store yet (nothing was ever run there) and no database URL is set. */
export function localStateStoreExists(projectDir: string, env: Record<string, string | undefined> = process.env): boolean {
  const config = localStateStoreConfig(projectDir, env);
  return config.kind === 'postgres' || existsSync(config.path);
}

export async function openLocalStateStore(projectDir: string, options: LocalStateStoreOptions = {}): Promise<LocalStateStore> {
  const config = localStateStoreConfig(projectDir, options.env ?? process.env);
  const store = await openStateStore(config);
  try {
    const interrupted = await store.markInterruptedRuns({ staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS });
    return { store, config, interrupted };
  } catch (error) {
    await store.close();
    throw error;
  }
}
