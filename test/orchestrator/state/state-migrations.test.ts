/**
 * Migrations: the embedded store migrates itself on open; PostgreSQL only by
 * the explicit step, and refuses to open until then.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateStateStore, openStateStore, stateStoreMigrationStatus } from '../../../src/orchestrator/state/index.js';
import type { StateStoreConfig } from '../../../src/orchestrator/state/index.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, stateMigrationProvider } from '../../../src/orchestrator/state/migrations/state-migrations.js';
import { postgresBackend, sqliteBackend } from './state-store-backends.js';

const ALL = ['0001_runs_steps_events', '0002_orchestrator_services'];

async function runSql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe('SQLite state store migrations', () => {
  const backend = sqliteBackend();
  afterEach(() => backend.cleanup());

  it('creates and migrates .floe/state.db on first open, and keeps its runs across reopening', async () => {
    const { store, config } = await backend.freshStore();
    const run = await store.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });
    await store.close();

    expect(await stateStoreMigrationStatus(config)).toEqual({ applied: ALL, pending: [], unknown: [] });
    const reopened = await backend.open(config);
    expect((await reopened.getRun(run.id)).product).toBe('shop');
    expect(await migrateStateStore(config)).toEqual({ applied: [], alreadyApplied: ALL });
  });

  it('migrates once when two processes open a fresh file at the same time', async () => {
    const config = await backend.freshConfig();
    const [a, b] = await Promise.all([backend.open(config), backend.open(config)]);
    await a.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });
    expect(await b.listRuns()).toHaveLength(1);
    expect(await stateStoreMigrationStatus(config)).toEqual({ applied: ALL, pending: [], unknown: [] });
  });

  it("with migrate: 'none', refuses a file that was never migrated", async () => {
    const config = await backend.freshConfig();
    await expect(openStateStore(config, { migrate: 'none' })).rejects.toMatchObject({
      code: 'FLOE_STATE_NOT_MIGRATED',
      hint: expect.stringContaining('floe orchestrator migrate'),
    });
  });

  it('refuses a file migrated by a newer floe', async () => {
    const { store, config } = await backend.freshStore();
    await store.close();
    const raw = new Database((config as { path: string }).path);
    raw.prepare('insert into floe_state_migration (name, timestamp) values (?, ?)').run('0099_from_the_future', new Date().toISOString());
    raw.close();
    await expect(openStateStore(config)).rejects.toMatchObject({
      code: 'FLOE_STATE_SCHEMA_TOO_NEW',
      message: expect.stringContaining('0099_from_the_future'),
    });
  });

  it('says clearly when the path cannot hold a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-state-bad-'));
    try {
      await expect(openStateStore({ kind: 'sqlite', path: dir })).rejects.toMatchObject({ code: 'FLOE_STATE_CONNECT_FAILED' });
      const notADatabase = join(dir, 'state.db');
      writeFileSync(notADatabase, 'this is a text file, not SQLite '.repeat(200));
      await expect(openStateStore({ kind: 'sqlite', path: notADatabase })).rejects.toMatchObject({
        code: 'FLOE_STATE_CONNECT_FAILED',
        message: expect.stringContaining(notADatabase),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL state store migrations', () => {
  const backend = postgresBackend();
  afterEach(() => backend.cleanup());

  it('refuses to open an unmigrated database and says how to migrate it', async () => {
    const config = await backend.freshConfig();
    await expect(openStateStore(config)).rejects.toMatchObject({
      code: 'FLOE_STATE_NOT_MIGRATED',
      message: 'The state database has no floe tables yet: it has not been migrated.',
      hint: expect.stringContaining('`floe orchestrator migrate`'),
    });
    await expect(openStateStore(config, { migrate: 'auto' })).rejects.toMatchObject({
      code: 'FLOE_STATE_INVALID_OPTIONS',
      hint: expect.stringContaining('floe orchestrator migrate'),
    });
    expect(await stateStoreMigrationStatus(config)).toEqual({ applied: [], pending: ALL, unknown: [] });
  });

  it('applies migrations once; running the step again changes nothing', async () => {
    const config = await backend.freshConfig();
    expect(await migrateStateStore(config)).toEqual({ applied: ALL, alreadyApplied: [] });
    expect(await migrateStateStore(config)).toEqual({ applied: [], alreadyApplied: ALL });
    const store = await backend.open(config);
    const run = await store.createRun({ product: 'shop', environment: 'prod', trigger: 'schedule' });
    expect((await store.getRun(run.id)).trigger).toBe('schedule');
  });

  it('migrates exactly once when two services run the step at the same time', async () => {
    const config = await backend.freshConfig();
    const reports = await Promise.all([migrateStateStore(config), migrateStateStore(config)]);
    expect(reports.map((report) => report.applied).sort()).toEqual([[], ALL]);
    const { rows } = await runSql((config as { url: string }).url, 'select count(*)::int as n from floe_state_migration');
    expect(rows[0].n).toBe(ALL.length);
  });

  it('upgrades a store made by an older floe: refuses it until migrated, then keeps its runs', async () => {
    const config = (await backend.freshConfig()) as Extract<StateStoreConfig, { kind: 'postgres' }>;
    // What an older floe (only the first migration) left behind, with one run in it.
    const older = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url }) }) });
    const migrator = new Migrator({ db: older, provider: stateMigrationProvider('postgres'), migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
    expect((await migrator.migrateTo(ALL[0])).error).toBeUndefined();
    await runSql(config.url, "insert into runs (id, product, environment, trigger, status, created_at) values ('0190a000-0000-7000-8000-000000000001', 'shop', 'prod', 'manual', 'SUCCESS', '2026-01-01T00:00:00.000Z')");
    await older.destroy();

    await expect(openStateStore(config)).rejects.toMatchObject({
      code: 'FLOE_STATE_NOT_MIGRATED',
      message: `The state database is missing migration(s) ${ALL[1]}.`,
      hint: expect.stringContaining('`floe orchestrator migrate`'),
    });
    expect(await migrateStateStore(config)).toEqual({ applied: [ALL[1]], alreadyApplied: [ALL[0]] });
    const store = await backend.open(config);
    expect(await store.getRun('0190a000-0000-7000-8000-000000000001')).toMatchObject({ product: 'shop', status: 'SUCCESS', priority: 0, bundleDigest: null });
  });

  it('keeps its tables in the configured schema', async () => {
    const base = (await backend.freshConfig()) as Extract<StateStoreConfig, { kind: 'postgres' }>;
    const config: StateStoreConfig = { ...base, schema: 'floe_state' };
    await migrateStateStore(config);
    const { rows } = await runSql(
      base.url,
      "select table_schema, table_name from information_schema.tables where table_name in ('runs', 'steps', 'events', 'floe_state_migration') order by table_name",
    );
    expect(rows).toEqual(['events', 'floe_state_migration', 'runs', 'steps'].map((name) => ({ table_schema: 'floe_state', table_name: name })));

    const store = await backend.open(config);
    const run = await store.createRun({ product: 'shop', environment: 'prod', trigger: 'api' });
    await store.appendEvents(run.id, [{ kind: 'log', message: 'hello' }]);
    await store.upsertStep(run.id, { uniqueId: 'model.shop.orders', status: 'RUNNING' });
    expect(await store.getEvents(run.id)).toHaveLength(1);

    await expect(openStateStore(base)).rejects.toMatchObject({ code: 'FLOE_STATE_NOT_MIGRATED' });
    await expect(openStateStore({ ...base, schema: 'floe-state; drop' })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_OPTIONS' });
  });

  it('refuses a database migrated by a newer floe', async () => {
    const config = await backend.freshConfig();
    await migrateStateStore(config);
    await runSql((config as { url: string }).url, "insert into floe_state_migration (name, timestamp) values ('0099_from_the_future', now()::text)");
    await expect(openStateStore(config)).rejects.toMatchObject({ code: 'FLOE_STATE_SCHEMA_TOO_NEW' });
    await expect(migrateStateStore(config)).rejects.toMatchObject({ code: 'FLOE_STATE_SCHEMA_TOO_NEW' });
  });

  it('reports an unreachable database without leaking its password', async () => {
    const config = await backend.freshConfig();
    const url = new URL((config as { url: string }).url);
    url.port = '1';
    url.password = 's3cret-canary';
    const error = await openStateStore({ kind: 'postgres', url: url.toString() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FLOE_STATE_CONNECT_FAILED', hint: expect.stringContaining('PostgreSQL is running') });
    expect((error as Error).message).toContain('***');
    expect((error as Error).message).not.toContain('s3cret-canary');
  });
});
