/**
 * The embedded SQLite store (every local `floe run` / `floe status`) never
 * loads `pg`: the PostgreSQL state dialect is imported only when the config
 * names PostgreSQL. `pg` is wrapped (the real module is returned) only to
 * notice the first time anything imports it; the PostgreSQL store itself is
 * covered by state-store.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openLocalStateStore, openStateStore } from '../../../src/orchestrator/index.js';

const { loaded, noticed } = vi.hoisted(() => {
  const seen = new Set<string>();
  return {
    loaded: seen,
    noticed: (name: string) => async (importOriginal: () => Promise<unknown>) => {
      seen.add(name);
      return importOriginal();
    },
  };
});
vi.mock('pg', noticed('pg'));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('what the state store loads', () => {
  it('records and lists runs in the embedded SQLite store without loading the PostgreSQL driver', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-store-loads-'));
    dirs.push(dir);
    const { store } = await openLocalStateStore(dir, { env: {} });
    try {
      const run = await store.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });
      expect((await store.listRuns({})).map((listed) => listed.id)).toEqual([run.id]);
    } finally {
      await store.close();
    }
    expect([...loaded]).toEqual([]);
  });

  it('loads the PostgreSQL driver once a store names PostgreSQL', async () => {
    // Port 1 refuses the connection: enough to show the driver is loaded on demand and used.
    await expect(openStateStore({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' }, { migrate: 'none' })).rejects.toMatchObject({ code: 'FLOE_STATE_CONNECT_FAILED' });
    expect([...loaded]).toEqual(['pg']);
  });
});
