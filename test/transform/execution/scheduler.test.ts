import { describe, expect, it } from 'vitest';
import { runSchedule } from '../../../src/transform/execution/scheduler.js';
import type { ScheduledTask, TaskOutcome } from '../../../src/transform/execution/scheduler.js';

function task(id: string, dependencies: string[] = [], priority = 0): ScheduledTask {
  return { id, dependencies, priority };
}

/** Resolvers a test can release by hand, to control interleaving without timers. */
function controllable() {
  const pending = new Map<string, (outcome: TaskOutcome) => void>();
  const started: string[] = [];
  const waiters: Array<() => void> = [];
  return {
    started,
    pending,
    run: (id: string) => new Promise<TaskOutcome>((resolve) => {
      started.push(id);
      pending.set(id, resolve);
      waiters.splice(0).forEach((wake) => wake());
    }),
    async finish(id: string, outcome: TaskOutcome = 'passed') {
      while (!pending.has(id)) await new Promise<void>((wake) => waiters.push(wake));
      pending.get(id)?.(outcome);
      pending.delete(id);
    },
  };
}

describe('runSchedule', () => {
  it('runs tasks after their dependencies', async () => {
    const ran: string[] = [];
    await runSchedule({
      tasks: [task('c', ['b']), task('b', ['a']), task('a')],
      threads: 4,
      run: async (id) => { ran.push(id); return 'passed'; },
      skip: () => { throw new Error('nothing should be skipped'); },
    });
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('never runs more than `threads` tasks at once', async () => {
    let running = 0;
    let peak = 0;
    await runSchedule({
      tasks: ['a', 'b', 'c', 'd', 'e'].map((id) => task(id)),
      threads: 2,
      run: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return 'passed';
      },
      skip: () => undefined,
    });
    expect(peak).toBe(2);
  });

  it('skips everything downstream of a blocking task, naming it, and runs the independent rest', async () => {
    const skipped: Array<[string, string | undefined]> = [];
    const ran: string[] = [];
    const outcome = await runSchedule({
      tasks: [task('a'), task('b', ['a']), task('c', ['b']), task('d')],
      threads: 1,
      run: async (id) => { ran.push(id); return id === 'a' ? 'blocking' : 'passed'; },
      skip: (id, because) => skipped.push([id, because]),
    });
    expect(ran.sort()).toEqual(['a', 'd']);
    expect(skipped.sort()).toEqual([['b', 'a'], ['c', 'a']]);
    expect(outcome.interrupted).toBe(false);
  });

  it('gives ready tasks with a lower priority the next free worker', async () => {
    const ran: string[] = [];
    await runSchedule({
      tasks: [task('model_a', [], 10), task('model_b', [], 11), task('test_a', ['model_a'], 0)],
      threads: 1,
      run: async (id) => { ran.push(id); return 'passed'; },
      skip: () => undefined,
    });
    expect(ran).toEqual(['model_a', 'test_a', 'model_b']);
  });

  it('treats a task that throws as blocking', async () => {
    const skipped: string[] = [];
    await runSchedule({
      tasks: [task('a'), task('b', ['a'])],
      threads: 1,
      run: async (id) => { if (id === 'a') throw new Error('boom'); return 'passed'; },
      skip: (id) => skipped.push(id),
    });
    expect(skipped).toEqual(['b']);
  });

  it('on abort starts nothing new, lets running tasks finish and skips the rest as interrupted', async () => {
    const controller = new AbortController();
    const control = controllable();
    const skipped: Array<[string, string | undefined]> = [];
    const done = runSchedule({
      tasks: [task('a'), task('b'), task('c', ['a']), task('d', ['b'])],
      threads: 2,
      signal: controller.signal,
      run: control.run,
      skip: (id, because) => skipped.push([id, because]),
    });
    await control.finish('a');
    // c has started on a's worker; abort while b and c run.
    while (control.started.length < 3) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await control.finish('b');
    await control.finish('c');
    const outcome = await done;
    expect(outcome.interrupted).toBe(true);
    expect(control.started.sort()).toEqual(['a', 'b', 'c']);
    expect(skipped).toEqual([['d', undefined]]);
  });

  it('hands each running task a distinct worker slot', async () => {
    const slots = new Map<string, number>();
    const control = controllable();
    const done = runSchedule({
      tasks: [task('a'), task('b'), task('c')],
      threads: 3,
      run: (id, worker) => { slots.set(id, worker); return control.run(id); },
      skip: () => undefined,
    });
    await control.finish('a');
    await control.finish('b');
    await control.finish('c');
    await done;
    expect(new Set(slots.values()).size).toBe(3);
    expect([...slots.values()].every((slot) => slot >= 1 && slot <= 3)).toBe(true);
  });
});
