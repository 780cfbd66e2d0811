/**
 * What the orchestrator services keep in the state store, on both stores:
 * product versions, the queue (limits, priority, FIFO, cancel), schedules,
 * sensors and exactly-once ticks, daemon heartbeats, the leader lease and
 * its fence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaderFence, RecordVersionInput, StateStore } from '../../../src/orchestrator/state/index.js';
import { offsetClock, postgresBackend, sqliteBackend, type StateBackend } from './state-store-backends.js';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

function version(overrides: Partial<RecordVersionInput> = {}): RecordVersionInput {
  return {
    product: 'shop',
    productId: 'sales.shop',
    domain: 'sales',
    version: '1.0.0',
    digest: digest(1),
    environment: 'prod',
    artifactsHash: 'a'.repeat(64),
    artifacts: { metadata: { product: 'shop' } },
    sizeBytes: 1234,
    registeredBy: 'ci',
    schedule: { cron: '0 6 * * *', timezone: 'UTC', enabled: true, catchUp: 'latest' },
    inputPorts: [],
    ...overrides,
  };
}

async function queued(store: StateStore, product: string, priority = 0) {
  return store.createRun({ product, environment: 'prod', trigger: 'api', priority });
}

describe.each([sqliteBackend(), postgresBackend()])('orchestrator services in the $name store', (backend: StateBackend) => {
  afterEach(() => backend.cleanup());

  describe('products and versions', () => {
    it('records a version with who and when; the same digest again changes nothing', async () => {
      const { store } = await backend.freshStore();
      const first = await store.products.recordVersion(version());
      expect(first.created).toBe(true);
      expect(first.version).toMatchObject({ product: 'shop', version: '1.0.0', digest: digest(1), environment: 'prod', registeredBy: 'ci', sizeBytes: 1234 });
      const again = await store.products.recordVersion(version({ registeredBy: 'someone else' }));
      expect(again).toEqual({ version: first.version, created: false });

      const second = await store.products.recordVersion(version({ version: '1.1.0', digest: digest(2), environment: 'dev' }));
      expect(second.version.sequence).toBeGreaterThan(first.version.sequence);
      const product = await store.products.getProduct('shop');
      expect(product).toMatchObject({ name: 'shop', productId: 'sales.shop', domain: 'sales', versionCount: 2, latest: second.version });
      expect((await store.products.listVersions('shop')).map((v) => v.digest)).toEqual([digest(2), digest(1)]);
      expect((await store.products.findVersion('shop', { environment: 'prod' }))?.digest).toBe(digest(1));
      expect((await store.products.findVersion('shop', { version: '1.0.0' }))?.digest).toBe(digest(1));
      expect((await store.products.findVersion('shop', { version: digest(2) }))?.version).toBe('1.1.0');
      expect(await store.products.findVersion('shop', { version: '9.9.9' })).toBeUndefined();
      expect(await store.products.getVersionArtifacts('shop', digest(1))).toEqual({ metadata: { product: 'shop' } });
      expect((await store.products.listProducts()).map((p) => p.name)).toEqual(['shop']);
    });

    it('keeps bundles by digest, checks the digest, and keeps the first copy', async () => {
      const { store } = await backend.freshStore();
      const bytes = new Uint8Array([1, 2, 3, 4, 255]);
      const { createHash } = await import('node:crypto');
      const address = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      expect(await store.bundles.put(address, bytes)).toEqual({ created: true });
      expect(await store.bundles.put(address, bytes)).toEqual({ created: false });
      expect(Buffer.from((await store.bundles.get(address))!)).toEqual(Buffer.from(bytes));
      expect(await store.bundles.has(digest(7))).toBe(false);
      await expect(store.bundles.put(digest(7), bytes)).rejects.toMatchObject({ code: 'FLOE_STATE_DIGEST_MISMATCH' });
      await expect(store.bundles.get('md5:abc')).rejects.toMatchObject({ code: 'FLOE_STATE_INVALID_INPUT' });
    });
  });

  describe('schedules and sensors follow the registered versions', () => {
    it('creates a schedule per product and environment; pause survives a new version; a version without one disables it', async () => {
      const { store } = await backend.freshStore();
      await store.products.recordVersion(version());
      const [schedule] = await store.instigators.listSchedules();
      expect(schedule).toMatchObject({ id: 'shop:prod', cron: '0 6 * * *', timezone: 'UTC', catchUp: 'latest', enabled: true, paused: false });

      expect(await store.instigators.setSchedulePaused('shop:prod', true, 'ops')).toMatchObject({ paused: true, pausedBy: 'ops' });
      await store.products.recordVersion(version({ digest: digest(2), schedule: { cron: '0 7 * * *', timezone: 'Europe/Berlin', enabled: true, catchUp: 'skip' } }));
      expect(await store.instigators.getSchedule('shop:prod')).toMatchObject({ cron: '0 7 * * *', timezone: 'Europe/Berlin', catchUp: 'skip', paused: true });

      const resumed = await store.instigators.setSchedulePaused('shop:prod', false);
      expect(resumed.paused).toBe(false);
      expect(resumed.cursor >= schedule.cursor).toBe(true);

      await store.products.recordVersion(version({ digest: digest(3), schedule: null }));
      expect((await store.instigators.getSchedule('shop:prod'))?.enabled).toBe(false);
      await expect(store.instigators.setSchedulePaused('nope:prod', true)).rejects.toMatchObject({ code: 'FLOE_STATE_INSTIGATOR_NOT_FOUND' });
    });

    it('creates an input-port sensor for a product that reads another one, with its own cursor and pause', async () => {
      const { store } = await backend.freshStore();
      await store.products.recordVersion(version({ product: 'reports', productId: 'sales.reports', schedule: null, inputPorts: [{ product: 'sales.shop', port: 'revenue' }] }));
      const [sensor] = await store.instigators.listSensors();
      expect(sensor).toMatchObject({ id: 'reports:prod:input_ports', product: 'reports', kind: 'input_ports', inputs: [{ product: 'sales.shop', port: 'revenue' }], enabled: true, paused: false, cursor: null });
      await store.instigators.setSensorCursor(sensor.id, { finishedAfter: '2026-01-01T00:00:00.000Z' });
      expect((await store.instigators.setSensorPaused(sensor.id, true)).cursor).toEqual({ finishedAfter: '2026-01-01T00:00:00.000Z' });
    });
  });

  describe('ticks', () => {
    it('gives one run per tick, however often and by however many stores it is submitted', async () => {
      const { store, config } = await backend.freshStore();
      const other = await backend.open(config);
      await store.products.recordVersion(version());
      const tick = new Date('2030-01-01T06:00:00.000Z');
      const submit = (s: StateStore) =>
        s.instigators.submitTick({ instigatorId: 'shop:prod', tickKey: tick.toISOString(), scheduledFor: tick, cursor: tick.toISOString(), run: { product: 'shop', environment: 'prod', trigger: 'schedule' } });
      const results = await Promise.all([submit(store), submit(other), submit(store), submit(other)]);
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      const runs = await store.listRuns();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: 'schedule', instigator: 'shop:prod', scheduledFor: tick.toISOString(), status: 'QUEUED' });
      expect(results.every((result) => result.tick.tickKey === tick.toISOString())).toBe(true);
      expect((await store.instigators.getSchedule('shop:prod'))?.cursor).toBe(tick.toISOString());
      const ticks = await store.instigators.listTicks('shop:prod');
      expect(ticks).toMatchObject([{ status: 'SUBMITTED', runId: runs[0].id, scheduledFor: tick.toISOString() }]);

      await store.instigators.skipTicks({ scheduleId: 'shop:prod', lastSkipped: new Date('2030-01-03T06:00:00.000Z'), count: 2, reason: 'catch-up policy skip' });
      expect((await store.instigators.getSchedule('shop:prod'))?.cursor).toBe('2030-01-03T06:00:00.000Z');
      // The cursor never moves back.
      await store.instigators.advanceScheduleCursor('shop:prod', tick);
      expect((await store.instigators.getSchedule('shop:prod'))?.cursor).toBe('2030-01-03T06:00:00.000Z');
      expect((await store.instigators.listTicks('shop:prod'))[0]).toMatchObject({ status: 'SKIPPED', reason: expect.stringContaining('2 tick(s) skipped') });
    });
  });

  describe('the queue', () => {
    it('claims by priority, then in arrival order, within the global and per-product limits', async () => {
      const { store } = await backend.freshStore();
      const a1 = await queued(store, 'a');
      const b1 = await queued(store, 'b');
      const a2 = await queued(store, 'a');
      const urgent = await queued(store, 'c', 10);
      const b2 = await queued(store, 'b');
      const claimed = await store.queue.claimRuns({ maxActive: 3, perProductLimit: () => 1, launcher: 'in-process' });
      expect(claimed.map((run) => run.id)).toEqual([urgent.id, a1.id, b1.id]);
      expect(claimed.every((run) => run.status === 'STARTING' && run.launcher === 'in-process')).toBe(true);
      // Full: nothing more until one finishes.
      expect(await store.queue.claimRuns({ maxActive: 3, perProductLimit: () => 5, launcher: 'in-process' })).toEqual([]);
      expect(await store.queue.countActive()).toEqual({ total: 3, byProduct: { a: 1, b: 1, c: 1 } });
      expect(await store.queue.queueDepth()).toBe(2);

      await store.updateRunStatus(a1.id, 'STARTED');
      await store.updateRunStatus(a1.id, 'SUCCESS');
      const next = await store.queue.claimRuns({ maxActive: 10, perProductLimit: (product) => (product === 'a' ? 1 : 2), launcher: 'subprocess' });
      expect(next.map((run) => run.id)).toEqual([a2.id, b2.id]);
    });

    it('does not start a run before its notBefore time', async () => {
      const { store, config } = await backend.freshStore();
      const retry = await store.createRun({ product: 'a', environment: 'prod', trigger: 'retry', notBefore: new Date(Date.now() + 60_000) });
      expect(await store.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'x' })).toEqual([]);
      const later = await backend.open(config, { clock: offsetClock(120_000) });
      expect((await later.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'x' })).map((run) => run.id)).toEqual([retry.id]);
    });

    it('never claims one run twice, nor more than the limit, when two daemons claim at once', async () => {
      const { store, config } = await backend.freshStore();
      const other = await backend.open(config);
      for (let i = 0; i < 30; i += 1) await queued(store, `p${i % 3}`);
      const claims = await Promise.all([store, other, store, other].map((s) => s.queue.claimRuns({ maxActive: 12, perProductLimit: () => 4, launcher: 'x' })));
      const ids = claims.flat().map((run) => run.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(12);
      expect((await store.queue.countActive()).byProduct).toEqual({ p0: 4, p1: 4, p2: 4 });
    });

    it('cancels a queued run at once and asks a running one to stop', async () => {
      const { store } = await backend.freshStore();
      const waiting = await queued(store, 'a');
      expect(await store.queue.requestCancel(waiting.id)).toMatchObject({ status: 'CANCELED', error: 'canceled before it started' });
      const running = await queued(store, 'a');
      await store.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'x' });
      await store.updateRunStatus(running.id, 'STARTED');
      expect((await store.queue.requestCancel(running.id)).status).toBe('CANCELING');
      expect((await store.queue.requestCancel(running.id)).status).toBe('CANCELING');
      expect(await store.heartbeat(running.id)).toBe('CANCELING');
      await expect(store.queue.requestCancel(waiting.id)).rejects.toMatchObject({ code: 'FLOE_STATE_ILLEGAL_TRANSITION' });
      expect((await store.getEvents(running.id)).map((event) => event.kind)).toEqual(['run.cancel_requested']);
    });

    it('ends a run whose job is gone: running steps error, pending ones are skipped, an event says why', async () => {
      const { store } = await backend.freshStore();
      const run = await queued(store, 'a');
      await store.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'kubernetes' });
      await store.queue.recordLaunch(run.id, { job: 'floe-run-1', namespace: 'data' });
      await store.updateRunStatus(run.id, 'STARTED');
      await store.upsertSteps(run.id, [
        { uniqueId: 'model.a.one', status: 'SUCCESS' },
        { uniqueId: 'model.a.two', status: 'RUNNING' },
        { uniqueId: 'model.a.three', status: 'PENDING' },
      ]);
      const ended = await store.queue.finishRun(run.id, { status: 'FAILURE', error: 'the pod was OOM-killed', failureKind: 'infrastructure', reason: 'pod-oom-killed' });
      expect(ended).toMatchObject({ status: 'FAILURE', error: 'the pod was OOM-killed', failureKind: 'infrastructure', launchRef: { job: 'floe-run-1', namespace: 'data' } });
      expect((await store.getSteps(run.id)).map((step) => [step.uniqueId, step.status]).sort()).toEqual([
        ['model.a.one', 'SUCCESS'],
        ['model.a.three', 'SKIPPED'],
        ['model.a.two', 'ERROR'],
      ]);
      expect((await store.getEvents(run.id)).at(-1)).toMatchObject({ kind: 'run.failed', data: { reason: 'pod-oom-killed', failureKind: 'infrastructure' } });
      expect(await store.queue.finishRun(run.id, { status: 'FAILURE', error: 'again', reason: 'x' })).toBeUndefined();

      const canceling = await queued(store, 'a');
      await store.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'x' });
      await store.queue.requestCancel(canceling.id);
      expect((await store.queue.finishRun(canceling.id, { status: 'FAILURE', error: 'job vanished', reason: 'job-vanished' }))?.status).toBe('CANCELED');
    });
  });

  describe('daemons and the leader lease', () => {
    it('records heartbeats and reports the daemon status with heartbeat ages', async () => {
      const { store } = await backend.freshStore();
      await store.daemons.recordHeartbeat({ id: 'd1', hostname: 'h', pid: 1, mode: 'ha', role: 'leader', term: 3, version: '0.1.0', startedAt: new Date() });
      await store.daemons.recordHeartbeat({ id: 'd2', hostname: 'h', pid: 2, mode: 'ha', role: 'standby', term: null, version: '0.1.0', startedAt: new Date() });
      await store.daemons.acquireLease({ name: 'floe-daemon', holder: 'd1', durationMs: 15_000 });
      const status = await store.daemons.status();
      expect(status.leader).toMatchObject({ holder: 'd1', term: 1, expired: false });
      expect(status.daemons.map((daemon) => daemon.id).sort()).toEqual(['d1', 'd2']);
      expect(status.heartbeatAgeSeconds).toBeGreaterThanOrEqual(0);
      await store.daemons.markStopped('d2');
      expect((await store.daemons.listDaemons()).map((daemon) => daemon.id)).toEqual(['d1']);
      expect((await store.daemons.listDaemons({ includeStopped: true })).map((daemon) => daemon.role).sort()).toEqual(['leader', 'stopped']);
    });

    it('elects one holder; a standby takes an expired or released lease with the next term', async () => {
      const { store, config } = await backend.freshStore();
      const [a, b] = await Promise.all([
        store.daemons.acquireLease({ name: 'l', holder: 'a', durationMs: 15_000 }),
        (await backend.open(config)).daemons.acquireLease({ name: 'l', holder: 'b', durationMs: 15_000 }),
      ]);
      expect([a.held, b.held].filter(Boolean)).toHaveLength(1);
      const winner = a.held ? 'a' : 'b';
      const loser = a.held ? 'b' : 'a';
      expect((await store.daemons.acquireLease({ name: 'l', holder: loser, durationMs: 15_000 })).held).toBe(false);
      expect(await store.daemons.renewLease({ name: 'l', holder: winner, term: 1, durationMs: 15_000 })).toBe(true);

      // The winner stops renewing; 20 s later (by the standby's clock) its lease has expired.
      const later = await backend.open(config, { clock: offsetClock(20_000) });
      const takeover = await later.daemons.acquireLease({ name: 'l', holder: loser, durationMs: 15_000 });
      expect(takeover).toMatchObject({ held: true, lease: { holder: loser, term: 2 } });
      expect(await store.daemons.renewLease({ name: 'l', holder: winner, term: 1, durationMs: 15_000 })).toBe(false);

      await later.daemons.releaseLease({ name: 'l', holder: loser, term: 2 });
      expect((await store.daemons.acquireLease({ name: 'l', holder: winner, durationMs: 15_000 })).lease.term).toBe(3);
      // A term won elsewhere (a Kubernetes Lease) is recorded only when it is newer.
      expect(await store.daemons.recordExternalTerm({ name: 'l', holder: loser, term: 2, durationMs: 15_000 })).toBe(false);
      expect(await store.daemons.recordExternalTerm({ name: 'l', holder: loser, term: 7, durationMs: 15_000 })).toBe(true);
      expect(await store.daemons.getLease('l')).toMatchObject({ holder: loser, term: 7 });
    });

    it('fences claims and ticks of a leader whose term has passed: nothing is written', async () => {
      const { store } = await backend.freshStore();
      await store.products.recordVersion(version());
      const { lease } = await store.daemons.acquireLease({ name: 'floe-daemon', holder: 'old', durationMs: 15_000 });
      const fence: LeaderFence = { lease: 'floe-daemon', holder: 'old', term: lease.term };
      await queued(store, 'shop');
      expect(await store.queue.claimRuns({ maxActive: 1, perProductLimit: () => 1, launcher: 'x', fence })).toHaveLength(1);
      await queued(store, 'shop2');

      // Another daemon takes over (the old one was paused past its lease).
      await store.daemons.acquireLease({ name: 'floe-daemon', holder: 'new', durationMs: 15_000, takeOver: true });
      await expect(store.queue.claimRuns({ maxActive: 5, perProductLimit: () => 5, launcher: 'x', fence })).rejects.toMatchObject({ code: 'FLOE_STATE_FENCED' });
      const tick = new Date('2030-01-01T06:00:00.000Z');
      await expect(
        store.instigators.submitTick({ instigatorId: 'shop:prod', tickKey: tick.toISOString(), scheduledFor: tick, run: { product: 'shop', environment: 'prod', trigger: 'schedule' }, fence }),
      ).rejects.toMatchObject({ code: 'FLOE_STATE_FENCED' });
      expect(await store.queue.queueDepth()).toBe(1);
      expect(await store.instigators.listTicks('shop:prod')).toEqual([]);
    });
  });

  it("keeps a job's dbt-shaped results with its run", async () => {
    const { store } = await backend.freshStore();
    const run = await queued(store, 'a');
    await store.saveRunResults(run.id, 'shop', { metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' }, results: [] });
    await store.saveRunResults(run.id, 'shop', { results: [{ unique_id: 'model.a.x' }] });
    expect(await store.getRunResults(run.id)).toMatchObject([{ runId: run.id, transform: 'shop', results: { results: [{ unique_id: 'model.a.x' }] } }]);
    await expect(store.getRunResults('0190a000-0000-7000-8000-000000000009')).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
  });
});
