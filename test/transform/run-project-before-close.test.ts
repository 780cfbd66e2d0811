/**
 * `runProject`'s `beforeClose`: the caller reads the warehouse on the run's
 * own, still-open adapter (what lineage does after a step), and the adapter
 * is closed afterwards whatever the hook does.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdapter, type ComputeAdapter } from '../../src/compute/index.js';
import { FloeError } from '../../src/errors/index.js';
import { runProject, type ProjectRunOutcome } from '../../src/transform/index.js';

const SHOP = join(import.meta.dirname, '../fixtures/run/shop');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The tiny shop project, its warehouse in memory: only the run's own connection ever sees its tables. */
function shopInMemory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-before-close-'));
  dirs.push(dir);
  cpSync(SHOP, dir, { recursive: true });
  writeFileSync(join(dir, 'profiles.yml'), 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ":memory:"\n      schema: main\n');
  return dir;
}

async function closedError(adapter: ComputeAdapter): Promise<unknown> {
  return adapter.withSession(async () => undefined).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('runProject beforeClose', () => {
  it("hands the run's open adapter and outcome to the caller once the nodes ran, then closes the adapter", async () => {
    const dir = shopInMemory();
    const calls: Array<{ outcome: ProjectRunOutcome; rows: number; columns: string[] }> = [];
    let seen: ComputeAdapter | undefined;
    const outcome = await runProject({
      projectDir: dir,
      profilesDir: dir,
      beforeClose: async (adapter, finished) => {
        seen = adapter;
        await adapter.withSession(async (session) => {
          const relation = { schema: 'main', identifier: 'customer_revenue' };
          const [columns] = await adapter.getColumnsOfRelations(session, [relation]);
          const rows = (await session.execute(`select * from ${adapter.dialect.renderRelation(relation)}`)).rows.length;
          calls.push({ outcome: finished, rows, columns: columns.map((column) => column.name) });
        });
      },
    });
    expect(outcome.success).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0].outcome.results.map((result) => result.uniqueId)).toEqual(outcome.results.map((result) => result.uniqueId));
    expect(calls[0]).toMatchObject({ rows: 1, columns: ['customer_id', 'revenue', 'order_count'] });
    expect(await closedError(seen!)).toMatchObject({ code: 'FLOE_COMPUTE_CLOSED' });
  });

  it('fails the run with the error the hook throws, and still closes the adapter', async () => {
    const dir = shopInMemory();
    let seen: ComputeAdapter | undefined;
    const run = runProject({
      projectDir: dir,
      profilesDir: dir,
      beforeClose: async (adapter) => {
        seen = adapter;
        throw new FloeError('FLOE_TEST_HOOK', 'the hook gave up');
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'FLOE_TEST_HOOK' });
    expect(await closedError(seen!)).toMatchObject({ code: 'FLOE_COMPUTE_CLOSED' });
  });

  it("runs with the caller's own adapter too, leaving it open for the caller to close", async () => {
    const dir = shopInMemory();
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:', schema: 'main' });
    try {
      let handed: ComputeAdapter | undefined;
      await runProject({ projectDir: dir, profilesDir: dir, adapter, beforeClose: async (open) => void (handed = open) });
      expect(handed).toBe(adapter);
      const tables = await adapter.withSession(async (session) => (await adapter.listRelations(session, undefined, 'main')).map((relation) => relation.identifier));
      expect(tables).toContain('customer_revenue');
    } finally {
      await adapter.close();
    }
  });

  it('is not called when the project cannot be loaded', async () => {
    const dir = shopInMemory();
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: [unclosed\n');
    let called = false;
    await expect(runProject({ projectDir: dir, profilesDir: dir, beforeClose: async () => void (called = true) })).rejects.toBeDefined();
    expect(called).toBe(false);
  });
});
