/** `--database-url` / FLOE_DATABASE_URL: which store it names, and services never migrating it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateStateStore, openServiceStateStore, stateStoreConfigFromUrl } from '../../../src/orchestrator/index.js';

describe('the orchestrator database URL', () => {
  it('names a PostgreSQL database or an SQLite file', () => {
    expect(stateStoreConfigFromUrl('postgres://floe:pw@db:5432/floe')).toEqual({ kind: 'postgres', url: 'postgres://floe:pw@db:5432/floe' });
    expect(stateStoreConfigFromUrl('postgresql://db/floe', { schema: 'orch' })).toEqual({ kind: 'postgres', url: 'postgresql://db/floe', schema: 'orch' });
    expect(stateStoreConfigFromUrl('state/orchestrator.db')).toEqual({ kind: 'sqlite', path: resolve('state/orchestrator.db') });
    expect(stateStoreConfigFromUrl('sqlite:///var/floe/state.db')).toEqual({ kind: 'sqlite', path: '/var/floe/state.db' });
  });

  it('says what to do when it is missing or of another kind', () => {
    expect(() => stateStoreConfigFromUrl(undefined)).toThrow(expect.objectContaining({ code: 'FLOE_DATABASE_URL_MISSING', hint: expect.stringContaining('FLOE_DATABASE_URL') }));
    expect(() => stateStoreConfigFromUrl('mysql://db/floe')).toThrow(expect.objectContaining({ code: 'FLOE_DATABASE_URL_INVALID' }));
  });

  it('is opened by a service only once migrated, with the command to run in the refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-service-db-'));
    try {
      const config = stateStoreConfigFromUrl(join(dir, 'orchestrator.db'));
      await expect(openServiceStateStore(config)).rejects.toMatchObject({ code: 'FLOE_STATE_NOT_MIGRATED', hint: expect.stringContaining('floe orchestrator migrate') });
      await migrateStateStore(config);
      const store = await openServiceStateStore(config);
      expect(await store.listRuns()).toEqual([]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
