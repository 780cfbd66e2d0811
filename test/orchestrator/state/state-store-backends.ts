/**
 * The two places a state store lives, set up the way a user would: a SQLite
 * file in a temp folder (migrated on open) and a real PostgreSQL database
 * (migrated by the explicit step, then opened). The same suite runs on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrateStateStore, openStateStore } from '../../../src/orchestrator/state/index.js';
import type { OpenStateStoreOptions, StateStore, StateStoreConfig } from '../../../src/orchestrator/state/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

export interface StateBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, unmigrated place for a store. */
  freshConfig(): Promise<StateStoreConfig>;
  /** A fresh store, migrated the way this backend is migrated. */
  freshStore(options?: OpenStateStoreOptions): Promise<{ store: StateStore; config: StateStoreConfig }>;
  /** Another store over the same database (another process would do the same). */
  open(config: StateStoreConfig, options?: OpenStateStoreOptions): Promise<StateStore>;
  /** Runs SQL on the database directly, behind the store's back. */
  rawSql(config: StateStoreConfig, text: string): Promise<void>;
  /** Closes every store and removes every database made by this backend. */
  cleanup(): Promise<void>;
}

export function sqliteBackend(): StateBackend {
  const dirs: string[] = [];
  const stores: StateStore[] = [];
  const backend: StateBackend = {
    name: 'sqlite',
    async freshConfig() {
      const dir = mkdtempSync(join(tmpdir(), 'floe-state-'));
      dirs.push(dir);
      return { kind: 'sqlite', path: join(dir, '.floe', 'state.db') };
    },
    async freshStore(options) {
      const config = await backend.freshConfig();
      return { store: await backend.open(config, options), config };
    },
    async open(config, options) {
      const store = await openStateStore(config, options);
      stores.push(store);
      return store;
    },
    async rawSql(config, text) {
      const database = new Database((config as { path: string }).path);
      try {
        database.exec(text);
      } finally {
        database.close();
      }
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
  return backend;
}

export function postgresBackend(): StateBackend {
  const databases: TestDatabase[] = [];
  const stores: StateStore[] = [];
  const backend: StateBackend = {
    name: 'postgres',
    async freshConfig() {
      const database = await createTestDatabase('floe_state');
      databases.push(database);
      return { kind: 'postgres', url: database.url };
    },
    async freshStore(options) {
      const config = await backend.freshConfig();
      await migrateStateStore(config);
      return { store: await backend.open(config, options), config };
    },
    async open(config, options) {
      const store = await openStateStore(config, { migrate: 'none', ...options });
      stores.push(store);
      return store;
    },
    async rawSql(config, text) {
      const client = new pg.Client({ connectionString: (config as { url: string }).url });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await Promise.all(databases.splice(0).map((database) => database.drop()));
    },
  };
  return backend;
}

/** A clock `offsetMs` away from the real one (negative: in the past). */
export function offsetClock(offsetMs: number): () => Date {
  return () => new Date(Date.now() + offsetMs);
}

/** A clock stopped at one instant. */
export function stoppedClock(iso: string): () => Date {
  return () => new Date(iso);
}
