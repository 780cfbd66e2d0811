/**
 * The state store's behaviour, pinned down once and run against both stores:
 * an embedded SQLite file and a real PostgreSQL database.
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidV7Time } from '../../../src/orchestrator/state/index.js';
import type { CreateRunInput, StateStore } from '../../../src/orchestrator/state/index.js';
import { offsetClock, postgresBackend, sqliteBackend, stoppedClock, type StateBackend } from './state-store-backends.js';

const ordersRun: CreateRunInput = { product: 'shop', productVersion: '1.2.0', environment: 'dev', trigger: 'manual' };

/** The pid of a process that has exited: a runner that crashed. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

async function startedRun(store: StateStore, input: CreateRunInput = ordersRun, fields = {}) {
  const run = await store.createRun(input);
  await store.updateRunStatus(run.id, 'STARTING');
  return store.updateRunStatus(run.id, 'STARTED', fields);
}

describe.each([sqliteBackend(), postgresBackend()])('state store on $name', (backend: StateBackend) => {
  afterEach(() => backend.cleanup());

  describe('run lifecycle', () => {
    it('records a queued run and moves it through STARTING and STARTED to SUCCESS', async () => {
      const { store } = await backend.freshStore();
      const run = await store.createRun({ ...ordersRun, artifactsHash: 'abc123', selection: { select: ['orders+'] } });
      expect(run).toMatchObject({
        product: 'shop',
        productVersion: '1.2.0',
        environment: 'dev',
        trigger: 'manual',
        status: 'QUEUED',
        attempt: 1,
        parentRunId: null,
        artifactsHash: 'abc123',
        selection: { select: ['orders+'] },
        startedAt: null,
        finishedAt: null,
      });

      const starting = await store.updateRunStatus(run.id, 'STARTING');
      expect(starting.status).toBe('STARTING');
      expect(starting.heartbeatAt).not.toBeNull();

      const started = await store.updateRunStatus(run.id, 'STARTED');
      expect(started).toMatchObject({ status: 'STARTED', hostname: hostname(), pid: process.pid });
      expect(started.startedAt).not.toBeNull();

      const done = await store.updateRunStatus(run.id, 'SUCCESS', { counts: { success: 3, error: 0 } });
      expect(done).toMatchObject({ status: 'SUCCESS', counts: { success: 3, error: 0 }, error: null });
      expect(done.finishedAt! >= done.startedAt!).toBe(true);
      expect(await store.getRun(run.id)).toEqual(done);
    });

    it('records why a run failed', async () => {
      const { store } = await backend.freshStore();
      const run = await startedRun(store);
      const failed = await store.updateRunStatus(run.id, 'FAILURE', { error: 'model.shop.orders failed', counts: { error: 1 } });
      expect(failed).toMatchObject({ status: 'FAILURE', error: 'model.shop.orders failed', counts: { error: 1 } });
    });

    it('lets a queued run be canceled before it starts', async () => {
      const { store } = await backend.freshStore();
      const run = await store.createRun(ordersRun);
      const canceled = await store.updateRunStatus(run.id, 'CANCELED');
      expect(canceled.status).toBe('CANCELED');
      expect(canceled.finishedAt).not.toBeNull();
    });

    it('refuses transitions the lifecycle does not allow, and changes nothing', async () => {
      const { store } = await backend.freshStore();
      const queued = await store.createRun(ordersRun);
      await expect(store.updateRunStatus(queued.id, 'STARTED')).rejects.toMatchObject({
        code: 'FLOE_STATE_ILLEGAL_TRANSITION',
        message: `Run ${queued.id} is QUEUED; it cannot become STARTED.`,
        hint: 'From QUEUED a run can become STARTING or CANCELED.',
      });
      await expect(store.updateRunStatus(queued.id, 'SUCCESS')).rejects.toMatchObject({ code: 'FLOE_STATE_ILLEGAL_TRANSITION' });
      await expect(store.updateRunStatus(queued.id, 'QUEUED')).rejects.toMatchObject({ code: 'FLOE_STATE_ILLEGAL_TRANSITION' });
      expect((await store.getRun(queued.id)).status).toBe('QUEUED');

      const done = await startedRun(store);
      await store.updateRunStatus(done.id, 'SUCCESS');
      await expect(store.updateRunStatus(done.id, 'STARTED')).rejects.toMatchObject({
        code: 'FLOE_STATE_ILLEGAL_TRANSITION',
        hint: expect.stringContaining('SUCCESS is final'),
      });
      await expect(store.updateRunStatus(done.id, 'FAILURE')).rejects.toMatchObject({ code: 'FLOE_STATE_ILLEGAL_TRANSITION' });
      expect((await store.getRun(done.id)).status).toBe('SUCCESS');
    });

    it('says so when the run does not exist', async () => {
      const { store } = await backend.freshStore();
      const missing = '01900000-0000-7000-8000-000000000000';
      await expect(store.updateRunStatus(missing, 'STARTING')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
      await expect(store.heartbeat(missing)).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
      await expect(store.getRun(missing)).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
      expect(await store.findRun(missing)).toBeUndefined();
    });

    it('lets exactly one of two processes start a queued run', async () => {
      const { store, config } = await backend.freshStore();
      const other = await backend.open(config);
      const run = await store.createRun(ordersRun);
      const outcomes = await Promise.allSettled([
        store.updateRunStatus(run.id, 'STARTING'),
        other.updateRunStatus(run.id, 'STARTING'),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: 'FLOE_STATE_ILLEGAL_TRANSITION' });
    });

    it('links a retry to the run it retries and counts the attempt', async () => {
      const { store } = await backend.freshStore();
      const first = await startedRun(store);
      await store.updateRunStatus(first.id, 'FAILURE', { error: 'boom' });
      const retry = await store.createRun({ ...ordersRun, trigger: 'retry', parentRunId: first.id });
      expect(retry).toMatchObject({ parentRunId: first.id, attempt: 2, trigger: 'retry' });
      const again = await store.createRun({ ...ordersRun, trigger: 'retry', parentRunId: retry.id });
      expect(again.attempt).toBe(3);
      await expect(
        store.createRun({ ...ordersRun, trigger: 'retry', parentRunId: '01900000-0000-7000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
    });

    it('rejects a run with an unknown trigger or no product', async () => {
      const { store } = await backend.freshStore();
      await expect(store.createRun({ ...ordersRun, trigger: 'cron' as never })).rejects.toMatchObject({
        code: 'FLOE_STATE_INVALID_INPUT',
        message: 'trigger "cron" is not one of manual, schedule, retry, api, sensor.',
      });
      await expect(store.createRun({ ...ordersRun, product: '' })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
      expect(await store.listRuns()).toEqual([]);
    });

    it('takes heartbeats from a running run and tells the runner when it was canceled', async () => {
      const { store, config } = await backend.freshStore({ clock: offsetClock(-60_000) });
      const run = await startedRun(store);
      const live = await backend.open(config);
      expect(await live.heartbeat(run.id)).toBe('STARTED');
      const beat = (await live.getRun(run.id)).heartbeatAt!;
      expect(beat > run.heartbeatAt!).toBe(true);

      await live.updateRunStatus(run.id, 'CANCELED');
      expect(await store.heartbeat(run.id)).toBe('CANCELED');
      expect((await live.getRun(run.id)).heartbeatAt).toBe(beat);
    });
  });

  describe('steps', () => {
    it('upserts steps: pending at start, then running, then finished, keeping what was said before', async () => {
      const { store, config } = await backend.freshStore();
      const run = await startedRun(store);
      const pending = await store.upsertSteps(run.id, [
        { uniqueId: 'model.shop.stg_orders', status: 'PENDING', relation: 'main.stg_orders' },
        { uniqueId: 'model.shop.orders', status: 'PENDING' },
        { uniqueId: 'test.shop.not_null_orders_id', name: 'not_null_orders_id', resourceType: 'test', status: 'PENDING' },
      ]);
      expect(pending.map((step) => [step.uniqueId, step.name, step.resourceType, step.status])).toEqual([
        ['model.shop.stg_orders', 'stg_orders', 'model', 'PENDING'],
        ['model.shop.orders', 'orders', 'model', 'PENDING'],
        ['test.shop.not_null_orders_id', 'not_null_orders_id', 'test', 'PENDING'],
      ]);

      const running = await store.upsertStep(run.id, { uniqueId: 'model.shop.stg_orders', status: 'RUNNING' });
      expect(running.startedAt).not.toBeNull();
      expect(running.relation).toBe('main.stg_orders');
      // A minute later, still running: reporting progress does not move the start.
      const later = await backend.open(config, { clock: offsetClock(60_000) });
      const progress = await later.upsertStep(run.id, { uniqueId: 'model.shop.stg_orders', status: 'RUNNING', rowsAffected: 10 });
      expect(progress).toMatchObject({ startedAt: running.startedAt, rowsAffected: 10 });

      const done = await store.upsertStep(run.id, {
        uniqueId: 'model.shop.stg_orders',
        status: 'SUCCESS',
        durationMs: 42,
        rowsAffected: 3_000_000_000,
        message: 'CREATE TABLE (3000000000 rows)',
      });
      expect(done).toMatchObject({
        runId: run.id,
        name: 'stg_orders',
        status: 'SUCCESS',
        startedAt: running.startedAt,
        durationMs: 42,
        rowsAffected: 3_000_000_000,
        relation: 'main.stg_orders',
        error: null,
      });
      expect(done.finishedAt).not.toBeNull();

      await store.upsertStep(run.id, {
        uniqueId: 'model.shop.orders',
        status: 'ERROR',
        startedAt: '2026-01-01T10:00:00Z',
        finishedAt: '2026-01-01T10:00:01.500Z',
        error: 'column "amount" does not exist',
      });
      await store.upsertStep(run.id, { uniqueId: 'test.shop.not_null_orders_id', status: 'SKIPPED' });

      const steps = await store.getSteps(run.id);
      expect(steps.map((step) => [step.uniqueId, step.status])).toEqual([
        ['model.shop.orders', 'ERROR'],
        ['model.shop.stg_orders', 'SUCCESS'],
        ['test.shop.not_null_orders_id', 'SKIPPED'],
      ]);
      expect(steps[0]).toMatchObject({ durationMs: 1500, error: 'column "amount" does not exist', startedAt: '2026-01-01T10:00:00.000Z' });
    });

    it('takes the last word when one batch names a step twice', async () => {
      const { store } = await backend.freshStore();
      const run = await startedRun(store);
      const [step] = await store.upsertSteps(run.id, [
        { uniqueId: 'model.shop.orders', status: 'RUNNING', relation: 'main.orders' },
        { uniqueId: 'model.shop.orders', status: 'SUCCESS', rowsAffected: 7 },
      ]);
      expect(step).toMatchObject({ status: 'SUCCESS', rowsAffected: 7, relation: 'main.orders' });
      expect(await store.getSteps(run.id)).toHaveLength(1);
    });

    it('refuses steps of an unknown run and unknown statuses', async () => {
      const { store } = await backend.freshStore();
      await expect(
        store.upsertStep('01900000-0000-7000-8000-000000000000', { uniqueId: 'model.shop.orders', status: 'RUNNING' }),
      ).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
      const run = await startedRun(store);
      await expect(store.upsertStep(run.id, { uniqueId: 'model.shop.orders', status: 'DONE' as never })).rejects.toMatchObject({
        code: 'FLOE_STATE_INVALID_INPUT',
      });
      await expect(store.upsertStep(run.id, { uniqueId: 'model.shop.orders', status: 'SUCCESS', finishedAt: 'yesterday' })).rejects.toMatchObject({
        code: 'FLOE_STATE_INVALID_INPUT',
      });
      expect(await store.getSteps(run.id)).toEqual([]);
      await expect(store.getSteps('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
    });

    it("lists one node's steps across a product's runs, newest first: its materializations and history", async () => {
      const { store } = await backend.freshStore();
      const first = await startedRun(store);
      await store.upsertStep(first.id, { uniqueId: 'model.shop.orders', status: 'SUCCESS', rowsAffected: 5 });
      const second = await startedRun(store, { ...ordersRun, environment: 'prod', productVersion: '1.3.0' });
      await store.upsertStep(second.id, { uniqueId: 'model.shop.orders', status: 'ERROR', error: 'boom' });
      const other = await startedRun(store, { ...ordersRun, product: 'finance' });
      await store.upsertStep(other.id, { uniqueId: 'model.shop.orders', status: 'SUCCESS' });
      await store.updateRunStatus(second.id, 'FAILURE');

      const history = await store.listNodeSteps({ product: 'shop', uniqueId: 'model.shop.orders' });
      expect(history.map((step) => [step.runId, step.status])).toEqual([[second.id, 'ERROR'], [first.id, 'SUCCESS']]);
      expect(history[0]).toMatchObject({ environment: 'prod', productVersion: '1.3.0', runStatus: 'FAILURE', runCreatedAt: second.createdAt, error: 'boom' });
      expect((await store.listNodeSteps({ product: 'shop', uniqueId: 'model.shop.orders', status: 'SUCCESS' })).map((step) => [step.runId, step.rowsAffected])).toEqual([[first.id, 5]]);
      expect((await store.listNodeSteps({ product: 'shop', uniqueId: 'model.shop.orders', environment: 'dev' })).map((step) => step.runId)).toEqual([first.id]);
      expect((await store.listNodeSteps({ product: 'shop', uniqueId: 'model.shop.orders', limit: 1, before: second.id })).map((step) => step.runId)).toEqual([first.id]);
      expect(await store.listNodeSteps({ product: 'shop', uniqueId: 'model.shop.nothing' })).toEqual([]);
      await expect(store.listNodeSteps({ product: 'shop', uniqueId: 'model.shop.orders', status: 'DONE' as never })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
      await expect(store.listNodeSteps({ product: 'shop', uniqueId: 'model.shop.orders', before: 'abc' })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
    });
  });

  describe('events', () => {
    it('appends events in batches and pages through them after an id', async () => {
      const { store } = await backend.freshStore();
      const run = await startedRun(store);
      const steps = ['model.shop.stg_orders', 'model.shop.orders', null];
      const written = await store.appendEvents(
        run.id,
        Array.from({ length: 25 }, (_, i) => ({
          kind: 'log',
          level: i % 5 === 0 ? ('warn' as const) : ('info' as const),
          message: `line ${i}`,
          step: steps[i % 3],
          data: { i },
        })),
      );
      expect(written).toHaveLength(25);
      expect(written.map((event) => event.message)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));

      const seen: string[] = [];
      let afterId: number | undefined;
      for (;;) {
        const page = await store.getEvents(run.id, { afterId, limit: 10 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(10);
        seen.push(...page.map((event) => event.message));
        afterId = page[page.length - 1].id;
      }
      expect(seen).toEqual(written.map((event) => event.message));

      const orders = await store.getEvents(run.id, { step: 'model.shop.orders' });
      expect(orders.map((event) => event.data)).toEqual([1, 4, 7, 10, 13, 16, 19, 22].map((i) => ({ i })));
      expect(orders[0]).toMatchObject({ runId: run.id, level: 'info', kind: 'log', step: 'model.shop.orders' });

      const later = await store.getEvents(run.id, { step: 'model.shop.orders', afterId: orders[3].id });
      expect(later.map((event) => event.message)).toEqual(['line 13', 'line 16', 'line 19', 'line 22']);
    });

    it('keeps a given timestamp and stamps the others now', async () => {
      const { store } = await backend.freshStore({ clock: stoppedClock('2026-03-01T12:00:00.000Z') });
      const run = await startedRun(store);
      const [given, stamped] = await store.appendEvents(run.id, [
        { kind: 'log', message: 'from the job', timestamp: '2026-03-01T11:59:59.250+00:00' },
        { kind: 'log', message: 'now' },
      ]);
      expect(given.timestamp).toBe('2026-03-01T11:59:59.250Z');
      expect(stamped.timestamp).toBe('2026-03-01T12:00:00.000Z');
    });

    it('writes nothing of a batch with a bad event, and nothing for an unknown run', async () => {
      const { store } = await backend.freshStore();
      const run = await startedRun(store);
      await expect(
        store.appendEvents(run.id, [
          { kind: 'log', message: 'fine' },
          { kind: 'log', message: 'bad', level: 'fatal' as never },
        ]),
      ).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT', message: expect.stringContaining('event 1 level "fatal"') });
      expect(await store.getEvents(run.id)).toEqual([]);
      await expect(store.appendEvents('01900000-0000-7000-8000-000000000000', [{ kind: 'log', message: 'x' }])).rejects.toMatchObject({
        code: 'FLOE_STATE_RUN_NOT_FOUND',
      });
      await expect(store.getEvents('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
    });
  });

  describe('finding runs', () => {
    it('finds a run by a unique prefix of its id, with or without dashes, in any case', async () => {
      const { store } = await backend.freshStore();
      const run = await store.createRun(ordersRun);
      const hex = run.id.replace(/-/g, '');
      expect((await store.getRun(run.id)).id).toBe(run.id);
      expect((await store.getRun(run.id.slice(0, 8))).id).toBe(run.id);
      expect((await store.getRun(hex.slice(0, 20).toUpperCase())).id).toBe(run.id);
      expect((await store.getRun(hex)).id).toBe(run.id);
    });

    it('reports an ambiguous prefix with the runs it matches', async () => {
      // A stopped clock: both runs share their timestamp digits.
      const { store } = await backend.freshStore({ clock: stoppedClock('2026-05-05T05:05:05.005Z') });
      const a = await store.createRun(ordersRun);
      const b = await store.createRun({ ...ordersRun, product: 'finance' });
      const error = await store.getRun(a.id.slice(0, 13)).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'FLOE_STATE_RUN_ID_AMBIGUOUS',
        message: `Run id prefix "${a.id.slice(0, 13)}" matches more than one run.`,
        hint: expect.stringContaining('more digits'),
      });
      expect((error as { detail: string }).detail).toContain(a.id);
      expect((error as { detail: string }).detail).toContain(b.id);
      await expect(store.findRun(a.id.slice(0, 8))).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_ID_AMBIGUOUS' });
      expect((await store.getRun(b.id.slice(0, 30))).product).toBe('finance');
    });

    it('reports a missing run, a too-short prefix and something that is not an id', async () => {
      const { store } = await backend.freshStore();
      await store.createRun(ordersRun);
      await expect(store.getRun('ffffffff')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND', message: 'No run with id ffffffff.' });
      expect(await store.findRun('ffffffff-ff')).toBeUndefined();
      await expect(store.getRun('0194')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_ID_INVALID', hint: expect.stringContaining('at least 8') });
      await expect(store.getRun('orders-run')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_ID_INVALID' });
      await expect(store.getRun('%%%%%%%%')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_ID_INVALID' });
    });

    it('lists recent runs newest first, by product and status, a page at a time', async () => {
      const { store } = await backend.freshStore();
      const created = [];
      for (let i = 0; i < 6; i++) created.push(await store.createRun({ ...ordersRun, product: i % 2 ? 'finance' : 'shop' }));
      await store.updateRunStatus(created[4].id, 'CANCELED');
      await store.updateRunStatus(created[2].id, 'CANCELED');

      const ids = (runs: { id: string }[]) => runs.map((run) => run.id);
      expect(ids(await store.listRuns())).toEqual(ids([...created].reverse()));
      expect(ids(await store.listRuns({ product: 'shop' }))).toEqual(ids([created[4], created[2], created[0]]));
      expect(ids(await store.listRuns({ product: 'shop', status: 'QUEUED' }))).toEqual([created[0].id]);
      expect(ids(await store.listRuns({ status: ['CANCELED', 'FAILURE'] }))).toEqual(ids([created[4], created[2]]));
      expect(ids(await store.listRuns({ limit: 2 }))).toEqual(ids([created[5], created[4]]));
      expect(ids(await store.listRuns({ limit: 2, before: created[4].id }))).toEqual(ids([created[3], created[2]]));
      await expect(store.listRuns({ status: 'DONE' as never })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
      await expect(store.listRuns({ limit: 0 })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
    });

    it('lists runs by trigger and by when they were created', async () => {
      const at = (iso: string) => backend.open(config, { clock: stoppedClock(iso) });
      const { config } = await backend.freshStore();
      const early = await (await at('2026-03-01T10:00:00.000Z')).createRun({ ...ordersRun, trigger: 'schedule' });
      const middle = await (await at('2026-03-02T10:00:00.000Z')).createRun({ ...ordersRun, trigger: 'api' });
      const late = await (await at('2026-03-03T10:00:00.000Z')).createRun({ ...ordersRun, trigger: 'schedule' });
      const store = await backend.open(config);

      const ids = (runs: { id: string }[]) => runs.map((run) => run.id);
      expect(ids(await store.listRuns({ trigger: 'schedule' }))).toEqual([late.id, early.id]);
      expect(ids(await store.listRuns({ trigger: ['api', 'sensor'] }))).toEqual([middle.id]);
      expect(ids(await store.listRuns({ createdAfter: '2026-03-02T10:00:00.000Z' }))).toEqual([late.id, middle.id]);
      expect(ids(await store.listRuns({ createdBefore: new Date('2026-03-02T10:00:00.000Z') }))).toEqual([early.id]);
      expect(ids(await store.listRuns({ trigger: 'schedule', createdAfter: '2026-03-01T12:00:00Z', createdBefore: '2026-03-04T00:00:00Z' }))).toEqual([late.id]);
      await expect(store.listRuns({ trigger: 'cron' as never })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
      await expect(store.listRuns({ createdAfter: 'yesterday' })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
    });

    it('gives ids that sort by creation, even within one millisecond', async () => {
      const { store } = await backend.freshStore();
      const created = [];
      for (let i = 0; i < 30; i++) created.push(await store.createRun(ordersRun));
      const ids = created.map((run) => run.id);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(30);
      expect((await store.listRuns({ limit: 30 })).map((run) => run.id)).toEqual([...ids].reverse());
      for (const run of created) expect(uuidV7Time(run.id).toISOString()).toBe(run.createdAt);

      const { store: frozen } = await backend.freshStore({ clock: stoppedClock('2026-05-05T05:05:05.005Z') });
      const sameInstant = [];
      for (let i = 0; i < 30; i++) sameInstant.push((await frozen.createRun(ordersRun)).id);
      expect([...sameInstant].sort()).toEqual(sameInstant);
    });
  });

  describe('interrupted runs', () => {
    it('marks a run whose heartbeat went stale as interrupted, and only that run', async () => {
      const { store: crashed, config } = await backend.freshStore({ clock: offsetClock(-60 * 60_000) });
      const store = await backend.open(config);
      // Started an hour ago, then its process vanished: no heartbeat since.
      const lost = await startedRun(crashed, ordersRun, { hostname: 'worker-7', pid: 4242 });
      await crashed.upsertSteps(lost.id, [
        { uniqueId: 'model.shop.stg_orders', status: 'SUCCESS' },
        { uniqueId: 'model.shop.orders', status: 'RUNNING' },
        { uniqueId: 'model.shop.revenue', status: 'PENDING' },
      ]);
      const oldQueued = await crashed.createRun(ordersRun);
      const alive = await startedRun(store);

      const marked = await store.markInterruptedRuns({ staleAfterMs: 5 * 60_000 });
      expect(marked.map((run) => run.id)).toEqual([lost.id]);
      expect(marked[0]).toMatchObject({ status: 'FAILURE', error: 'interrupted' });
      expect(marked[0].finishedAt).not.toBeNull();

      expect((await store.getSteps(lost.id)).map((step) => [step.uniqueId, step.status, step.error])).toEqual([
        ['model.shop.orders', 'ERROR', 'interrupted'],
        ['model.shop.revenue', 'SKIPPED', null],
        ['model.shop.stg_orders', 'SUCCESS', null],
      ]);
      const [event] = await store.getEvents(lost.id);
      expect(event).toMatchObject({ level: 'error', kind: 'run.interrupted', data: { reason: 'heartbeat-stale', hostname: 'worker-7', pid: 4242 } });

      expect((await store.getRun(alive.id)).status).toBe('STARTED');
      expect((await store.getRun(oldQueued.id)).status).toBe('QUEUED');
      expect(await store.markInterruptedRuns({ staleAfterMs: 5 * 60_000 })).toEqual([]);

      // The lost runner coming back cannot overwrite the verdict.
      await expect(crashed.updateRunStatus(lost.id, 'SUCCESS')).rejects.toMatchObject({ code: 'FLOE_STATE_ILLEGAL_TRANSITION' });
      expect(await crashed.heartbeat(lost.id)).toBe('FAILURE');
    });

    it('judges staleness against the time it is given', async () => {
      const { store } = await backend.freshStore();
      const run = await startedRun(store);
      const inAnHour = new Date(Date.now() + 60 * 60_000);
      expect(await store.markInterruptedRuns({ staleAfterMs: 2 * 60 * 60_000, now: inAnHour })).toEqual([]);
      expect((await store.markInterruptedRuns({ staleAfterMs: 30 * 60_000, now: inAnHour })).map((r) => r.id)).toEqual([run.id]);
      await expect(store.markInterruptedRuns({ staleAfterMs: -1 })).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
    });

    it(`recognises a run whose local process is gone ${backend.name === 'sqlite' ? 'by default' : 'only when asked'}`, async () => {
      const { store } = await backend.freshStore();
      const pid = await deadPid();
      const orphan = await startedRun(store, ordersRun, { hostname: hostname(), pid });
      const elsewhere = await startedRun(store, ordersRun, { hostname: 'another-host', pid });
      const ours = await startedRun(store); // this process: alive

      const marked = await store.markInterruptedRuns({ staleAfterMs: 60 * 60_000 });
      if (backend.name === 'sqlite') {
        expect(marked.map((run) => run.id)).toEqual([orphan.id]);
        const [event] = await store.getEvents(orphan.id);
        expect(event.message).toContain(`process ${pid}`);
      } else {
        expect(marked).toEqual([]);
        expect((await store.markInterruptedRuns({ staleAfterMs: 60 * 60_000, checkLocalProcesses: true })).map((run) => run.id)).toEqual([orphan.id]);
      }
      expect((await store.getRun(elsewhere.id)).status).toBe('STARTED');
      expect((await store.getRun(ours.id)).status).toBe('STARTED');
    });
  });

  describe('several writers at once', () => {
    it('loses no event when two stores append to the same run concurrently', async () => {
      const { store: first, config } = await backend.freshStore();
      const second = await backend.open(config);
      const run = await startedRun(first);
      const writer = async (store: StateStore, name: string) => {
        for (let batch = 0; batch < 30; batch++) {
          await store.appendEvents(
            run.id,
            Array.from({ length: 5 }, (_, i) => ({ kind: 'log', message: `${name} ${batch * 5 + i}`, step: `model.shop.${name}` })),
          );
          await store.upsertStep(run.id, { uniqueId: `model.shop.${name}`, status: 'RUNNING', rowsAffected: batch });
          await store.heartbeat(run.id);
        }
      };
      await Promise.all([writer(first, 'a'), writer(second, 'b')]);

      const events = await first.getEvents(run.id, { limit: 10_000 });
      expect(events).toHaveLength(300);
      const ids = events.map((event) => event.id);
      expect(new Set(ids).size).toBe(300);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      for (const name of ['a', 'b']) {
        expect(events.filter((event) => event.message.startsWith(`${name} `)).map((event) => event.message)).toEqual(
          Array.from({ length: 150 }, (_, i) => `${name} ${i}`),
        );
      }
      expect((await second.getSteps(run.id)).map((step) => step.rowsAffected)).toEqual([29, 29]);
    });
  });

  it('reports a failing database as a FloeError saying what it was doing', async () => {
    const { store, config } = await backend.freshStore();
    const run = await startedRun(store);
    await backend.rawSql(config, 'drop table events');
    const error = await store.appendEvents(run.id, [{ kind: 'log', message: 'lost' }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FLOE_STATE_DATABASE_ERROR', message: expect.stringMatching(/^The state store could not record events: .*events/) });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('says which migrations its database has', async () => {
    const { store } = await backend.freshStore();
    const status = await store.migrationStatus();
    expect(status.pending).toEqual([]);
    expect(status.unknown).toEqual([]);
    expect(status.applied.length).toBeGreaterThan(0);
  });

  it('refuses work after close', async () => {
    const { store } = await backend.freshStore();
    await store.close();
    await store.close();
    await expect(store.listRuns()).rejects.toMatchObject({ code: 'FLOE_STATE_CLOSED' });
  });
});
