/**
 * A run writes its step rows and events in batches, not one transaction per
 * node event — while what `floe status` / `floe logs` show stays the same:
 * every step with its outcome, every event in the order it happened, stamped
 * when it happened. The store is the real embedded one; the wrapper only
 * counts the calls that reach it.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executeRun, openLocalStateStore, planFromDbtProject, type StateStore } from '../../../src/orchestrator/index.js';
import { MODEL, SEED, copyShop, quietObservability, cleanupAfterEach } from './run-fixture.js';

const cleanup = cleanupAfterEach();

type WriteCall = 'upsertStep' | 'upsertSteps' | 'appendEvents';

/** The real store, with each write method counting its calls. */
function counting(store: StateStore): { store: StateStore; calls: Record<WriteCall, number> } {
  const calls: Record<WriteCall, number> = { upsertStep: 0, upsertSteps: 0, appendEvents: 0 };
  const counted = Object.create(store) as StateStore;
  for (const method of Object.keys(calls) as WriteCall[]) {
    const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(counted, method, {
      value: (...args: unknown[]) => {
        calls[method] += 1;
        return original(...args);
      },
    });
  }
  return { store: counted, calls };
}

describe('state writes of a run', () => {
  it('go out in a few batches, with every step, every event in order, and event times from when they happened', async () => {
    const dir = copyShop();
    const opened = await openLocalStateStore(dir, { env: {} });
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanup.push(() => opened.store.close());
    const { store, calls } = counting(opened.store);

    const before = new Date().toISOString();
    const outcome = await executeRun(planFromDbtProject(dir, { threads: 1 }), { store, observability: quietObservability(), env: {} });
    const after = new Date().toISOString();
    expect(outcome.status).toBe('SUCCESS');

    const steps = await opened.store.getSteps(outcome.runId);
    expect(steps).toHaveLength(6);
    expect(steps.every((step) => step.status === 'SUCCESS' || step.status === 'PASS')).toBe(true);
    expect(steps.find((step) => step.uniqueId === SEED)?.startedAt).toBeTruthy();

    const events = await opened.store.getEvents(outcome.runId, { limit: 1000 });
    // Unbatched, every event and every step change (PENDING for all, then RUNNING and the outcome per node) was its own
    // transaction; batched it is a handful (5 here). The bound is loose on purpose: how many batches a run needs depends
    // on how fast the machine is, and tests do not assert on time.
    const writes = calls.upsertStep + calls.upsertSteps + calls.appendEvents;
    const unbatched = events.length + 2 * steps.length + 1;
    expect(writes).toBeLessThan(unbatched / 2);
    const kinds = events.map((event) => event.kind);
    expect(kinds[0]).toBe('run.started');
    expect(kinds.at(-1)).toBe('run.finished');
    // Each node's events in the order they happened: started, its statements, finished.
    const ofModel = events.filter((event) => event.step === MODEL).map((event) => event.kind);
    expect(ofModel[0]).toBe('step.started');
    expect(ofModel.at(-1)).toBe('step.finished');
    expect(ofModel.filter((kind) => kind === 'statement').length).toBeGreaterThan(0);
    const times = events.map((event) => event.timestamp);
    expect([...times].sort()).toEqual(times);
    expect(times.every((time) => time >= before && time <= after)).toBe(true);
    // Stamped when recorded: a model's start comes before its finish, not both at one write time.
    const modelTimes = events.filter((event) => event.step === MODEL);
    expect(modelTimes[0].timestamp <= modelTimes.at(-1)!.timestamp).toBe(true);
  });
});
