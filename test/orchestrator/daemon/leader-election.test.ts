/**
 * HA election through the state database on PostgreSQL: one leader; a
 * standby takes over at once when the leader's process (its database
 * session) is gone, and after the lease expires when the leader is merely
 * paused — and the paused leader, coming back, is fenced: it cannot dispatch
 * or tick with its old term.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseElection, type StateStore } from '../../../src/orchestrator/index.js';
import { postgresBackend } from '../state/state-store-backends.js';
import { waitFor } from '../support/wait-for.js';

const backend = postgresBackend();
const elections: DatabaseElection[] = [];
afterEach(async () => {
  // Each election holds a database session (a connection) until released.
  await Promise.all(elections.splice(0).map((candidate) => candidate.release().catch(() => undefined)));
  await backend.cleanup();
});

const timings = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 100 };
function election(store: StateStore, holder: string): DatabaseElection {
  const candidate = new DatabaseElection({ store, lease: 'floe-daemon', holder, timings });
  elections.push(candidate);
  return candidate;
}

describe('leader election through the database', () => {
  it('elects one leader; the other stands by', async () => {
    const { store, config } = await backend.freshStore();
    const a = election(store, 'a');
    const b = election(await backend.open(config), 'b');
    const [la, lb] = await Promise.all([a.campaign(), b.campaign()]);
    expect([la.leader, lb.leader].filter(Boolean)).toHaveLength(1);
    const leader = la.leader ? la : lb;
    expect(leader.fence).toEqual({ lease: 'floe-daemon', holder: la.leader ? 'a' : 'b', term: 1 });
    expect((await (la.leader ? b : a).campaign()).leader).toBe(false);
  });

  it('takes over at once when the leader process dies, without waiting for the lease', async () => {
    const { store, config } = await backend.freshStore();
    const url = (config as { url: string }).url;
    // The leader: another process that campaigns once, then is killed.
    const script = `
      const { openStateStore, DatabaseElection } = await import(${JSON.stringify(new URL('../../../dist/orchestrator/index.js', import.meta.url).href)});
      const store = await openStateStore({ kind: 'postgres', url: ${JSON.stringify(url)} }, { migrate: 'none' });
      const e = new DatabaseElection({ store, lease: 'floe-daemon', holder: 'doomed', timings: { leaseDurationMs: 60000, renewDeadlineMs: 30000, retryPeriodMs: 100 } });
      console.log(JSON.stringify(await e.campaign()));
      setInterval(() => e.campaign(), 100);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(JSON.parse(first)).toMatchObject({ leader: true, term: 1 });
    const standby = election(store, 'standby');
    expect((await standby.campaign()).leader).toBe(false);
    child.kill('SIGKILL');
    // The lease has 60 s left, yet the standby leads within a few campaigns.
    const took = await waitFor('the standby to lead', async () => ((await standby.campaign()).leader ? Date.now() : undefined), 5000, 100);
    expect(took).toBeGreaterThan(0);
    expect(await store.daemons.getLease('floe-daemon')).toMatchObject({ holder: 'standby', term: 2 });
  });

  it('fences a leader that was paused past its lease and came back', async () => {
    const { store, config } = await backend.freshStore();
    const paused = election(store, 'paused');
    const standby = election(await backend.open(config), 'standby');
    const old = await paused.campaign();
    expect(old.leader).toBe(true);
    // `paused` stops campaigning (a stopped process); its lease runs out and the standby takes it.
    const next = await waitFor('the standby to lead', async () => {
      const leadership = await standby.campaign();
      return leadership.leader ? leadership : undefined;
    }, 10_000, 100);
    expect(next.term).toBe(old.term! + 1);
    await store.createRun({ product: 'shop', environment: 'prod', trigger: 'api' });
    await expect(store.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'x', fence: old.fence! })).rejects.toMatchObject({ code: 'FLOE_STATE_FENCED' });
    expect(await store.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'x', fence: next.fence! })).toHaveLength(1);
    // Coming back, it learns it lost: its renewal fails and it stands by.
    expect((await paused.campaign()).leader).toBe(false);
  });

  it('hands over at once when the leader releases its lease (SIGTERM)', async () => {
    const { store, config } = await backend.freshStore();
    const leaving = election(store, 'leaving');
    const standby = election(await backend.open(config), 'standby');
    expect((await leaving.campaign()).leader).toBe(true);
    expect((await standby.campaign()).leader).toBe(false);
    await leaving.release();
    expect(await standby.campaign()).toMatchObject({ leader: true, term: 2 });
  });
});
