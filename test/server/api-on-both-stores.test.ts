/**
 * The REST API v1 on both stores (SQLite file, real PostgreSQL): register
 * products from bundles, read them with their node graph and assets, list
 * runs with filters and cursor pages, trigger / cancel / re-execute, read
 * steps, events and results, schedules and sensors with pause, resume and
 * next ticks, the daemon status — every response checked against the
 * OpenAPI document by the test client.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/orchestrator/index.js';
import { postgresBackend, sqliteBackend, stoppedClock, type StateBackend } from '../orchestrator/state/state-store-backends.js';
import { tinyBundle } from '../orchestrator/support/tiny-products.js';
import { testWebserver, type TestWebserver } from './support/test-webserver.js';

let shop: Awaited<ReturnType<typeof tinyBundle>>;
let shopProd: Awaited<ReturnType<typeof tinyBundle>>;
let downstream: Awaited<ReturnType<typeof tinyBundle>>;
beforeAll(async () => {
  shop = await tinyBundle();
  shopProd = await tinyBundle({ version: '0.2.0', environment: 'prod' });
  downstream = await tinyBundle({ name: 'revenue-report', schedule: null, inputPorts: [{ product: 'tiny-shop', port: 'revenue' }] });
});
afterAll(() => {
  for (const bundle of [shop, shopProd, downstream]) bundle.product.remove();
});

/** A run driven the way a pipeline job records one. */
async function runAsAJobWould(store: StateStore, runId: string, outcome: 'SUCCESS' | 'FAILURE'): Promise<void> {
  await store.updateRunStatus(runId, 'STARTING');
  await store.updateRunStatus(runId, 'STARTED');
  await store.upsertSteps(runId, [
    { uniqueId: 'seed.shop.raw_orders', status: 'SUCCESS', rowsAffected: 4 },
    { uniqueId: 'model.shop.bronze_orders', status: 'SUCCESS', rowsAffected: 4 },
    { uniqueId: 'model.shop.silver_orders', status: outcome === 'SUCCESS' ? 'SUCCESS' : 'ERROR', ...(outcome === 'SUCCESS' ? { rowsAffected: 3 } : { error: 'column "amount" does not exist' }) },
    { uniqueId: 'model.shop.gold_revenue', status: outcome === 'SUCCESS' ? 'SUCCESS' : 'SKIPPED', ...(outcome === 'SUCCESS' ? { rowsAffected: 2 } : {}) },
  ]);
  await store.appendEvents(runId, [
    { kind: 'transform.started', message: 'Transform shop: 4 nodes on duckdb, 1 at a time.' },
    { kind: 'step.finished', step: 'model.shop.silver_orders', level: outcome === 'SUCCESS' ? 'info' : 'error', message: outcome },
  ]);
  await store.saveRunResults(runId, 'shop', { metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' }, results: [] });
  await store.updateRunStatus(runId, outcome, outcome === 'FAILURE' ? { error: '1 node failed', failureKind: 'step' } : {});
}

describe.each([sqliteBackend(), postgresBackend()])('the REST API on $name', (backend: StateBackend) => {
  let server: TestWebserver;
  let store: StateStore;
  const open = async () => {
    ({ store } = await backend.freshStore());
    server = await testWebserver(store);
    return server;
  };
  afterEach(async () => {
    await server?.close();
    await backend.cleanup();
  });

  it('registers bundles (the same digest again is a no-op) and shows products, versions and the node graph', async () => {
    const api = await open();
    const first = await api.call('operator', 'POST', `/api/v1/products?digest=${shop.digest}`, { bytes: shop.bytes });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ created: true, version: { product: 'tiny-shop', version: '0.1.0', digest: shop.digest, environment: 'dev', registeredBy: 'operator-client' } });
    const again = await api.call('admin', 'POST', '/api/v1/products', { bytes: shop.bytes });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ created: false, version: first.json.version });
    expect((await api.call('operator', 'POST', '/api/v1/products', { bytes: shopProd.bytes, contentType: 'application/gzip' })).status).toBe(201);

    const products = await api.call('viewer', 'GET', '/api/v1/products');
    expect(products.json.products).toMatchObject([{ name: 'tiny-shop', productId: 'sales.tiny-shop', domain: 'sales', versionCount: 2, latest: { version: '0.2.0', environment: 'prod' } }]);

    const detail = await api.call('viewer', 'GET', '/api/v1/products/tiny-shop?environment=dev');
    expect(detail.json.version).toMatchObject({ version: '0.1.0', environment: 'dev' });
    expect(detail.json.owner).toBe('shop-team@example.com');
    expect(detail.json.schedule).toEqual({ cron: '0 6 * * *', timezone: 'UTC', enabled: true, catchUp: 'latest' });
    expect(detail.json.outputPorts).toMatchObject([{ name: 'revenue', node: 'model.shop.gold_revenue' }]);
    const [transform] = detail.json.transforms;
    expect(transform).toMatchObject({ name: 'shop', projectName: 'shop', compute: { name: 'duckdb', type: 'duckdb' } });
    const gold = transform.nodes.find((node: { name: string }) => node.name === 'gold_revenue');
    expect(gold).toMatchObject({ uniqueId: 'model.shop.gold_revenue', resourceType: 'model', materialized: 'table', tier: 'gold', dependsOn: ['model.shop.silver_orders'] });
    expect(gold.tests.length).toBeGreaterThan(0);
    expect((await api.call('viewer', 'GET', `/api/v1/products/tiny-shop?version=${shopProd.digest}`)).json.version.version).toBe('0.2.0');

    const page1 = await api.call('viewer', 'GET', '/api/v1/products/tiny-shop/versions?limit=1');
    expect(page1.json.versions.map((v: { version: string }) => v.version)).toEqual(['0.2.0']);
    const page2 = await api.call('viewer', 'GET', `/api/v1/products/tiny-shop/versions?limit=1&cursor=${page1.json.nextCursor}`);
    expect(page2.json).toMatchObject({ versions: [{ version: '0.1.0' }], nextCursor: null });
    expect((await api.call('viewer', 'GET', '/api/v1/products/tiny-shop/versions?environment=dev')).json.versions).toHaveLength(1);

    expect((await api.call('viewer', 'GET', '/api/v1/products/nope')).json).toMatchObject({ status: 404, code: 'FLOE_PRODUCT_NOT_FOUND' });
    expect((await api.call('viewer', 'GET', '/api/v1/products/tiny-shop?version=9.9.9')).json).toMatchObject({ status: 404, code: 'FLOE_PRODUCT_VERSION_NOT_FOUND' });
  });

  it('triggers runs, shows them with their status, steps, events and results, and lists them with filters and cursor pages', async () => {
    const api = await open();
    await api.call('operator', 'POST', '/api/v1/products', { bytes: shop.bytes });
    const triggered = await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop', selection: { select: ['+gold_revenue'] }, priority: 5 } });
    expect(triggered.status).toBe(201);
    expect(triggered.headers.location).toBe(`/api/v1/runs/${triggered.json.id}`);
    expect(triggered.json).toMatchObject({ status: 'QUEUED', trigger: 'api', product: 'tiny-shop', bundleDigest: shop.digest, priority: 5, triggeredBy: 'operator-client', selection: { select: ['+gold_revenue'] } });
    const id = triggered.json.id as string;

    await runAsAJobWould(store, id, 'FAILURE');
    const run = await api.call('viewer', 'GET', `/api/v1/runs/${id}`);
    expect(run.json).toMatchObject({ id, status: 'FAILURE', failureKind: 'step', error: '1 node failed' });
    expect((await api.call('viewer', 'GET', `/api/v1/runs/${id.slice(0, 13)}`)).json.id).toBe(id);
    const steps = await api.call('viewer', 'GET', `/api/v1/runs/${id}/steps`);
    expect(steps.json.steps.map((step: { uniqueId: string; status: string }) => `${step.uniqueId} ${step.status}`)).toEqual(
      expect.arrayContaining(['model.shop.silver_orders ERROR', 'model.shop.gold_revenue SKIPPED']),
    );
    const events = await api.call('viewer', 'GET', `/api/v1/runs/${id}/events?limit=1`);
    expect(events.json.events).toHaveLength(1);
    const rest = await api.call('viewer', 'GET', `/api/v1/runs/${id}/events?afterId=${events.json.nextCursor}`);
    expect(rest.json.events.map((event: { kind: string }) => event.kind)).toEqual(['step.finished']);
    expect(rest.json.nextCursor).toBeNull();
    expect((await api.call('viewer', 'GET', `/api/v1/runs/${id}/events?step=model.shop.silver_orders`)).json.events).toHaveLength(1);
    expect((await api.call('viewer', 'GET', `/api/v1/runs/${id}/results`)).json.results).toMatchObject([{ transform: 'shop', results: { results: [] } }]);

    // Re-execute failed: a new queued run of exactly the failed and skipped nodes.
    const retry = await api.call('operator', 'POST', `/api/v1/runs/${id}/reexecute`);
    expect(retry.status).toBe(201);
    expect(retry.json).toMatchObject({ status: 'QUEUED', trigger: 'manual', parentRunId: id, attempt: 2, triggeredBy: 'operator-client' });
    expect([...retry.json.selection.nodes].sort()).toEqual(['model.shop.gold_revenue', 'model.shop.silver_orders']);

    // Cancel: a queued run at once; a finished one cannot be.
    const canceled = await api.call('operator', 'POST', `/api/v1/runs/${retry.json.id}/cancel`);
    expect(canceled.json.status).toBe('CANCELED');
    expect((await api.call('viewer', 'GET', `/api/v1/runs/${retry.json.id}/events`)).json.events).toMatchObject([{ kind: 'run.cancel_requested', message: 'Cancel requested by operator-client.' }, { kind: 'run.canceled' }]);
    expect((await api.call('operator', 'POST', `/api/v1/runs/${id}/cancel`)).json).toMatchObject({ status: 409, code: 'FLOE_STATE_ILLEGAL_TRANSITION' });

    // A running run: cancel asks its job to stop.
    const running = await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop' } });
    expect((await api.call('operator', 'POST', `/api/v1/runs/${running.json.id}/reexecute`)).json).toMatchObject({ status: 409, code: 'FLOE_RUN_NOTHING_TO_RETRY' });
    await store.updateRunStatus(running.json.id, 'STARTING');
    await store.updateRunStatus(running.json.id, 'STARTED');
    expect((await api.call('operator', 'POST', `/api/v1/runs/${running.json.id}/cancel`)).json.status).toBe('CANCELING');

    // The list: newest first, filters, and pages that join up.
    const all = (await api.call('viewer', 'GET', '/api/v1/runs')).json.runs.map((r: { id: string }) => r.id);
    expect(all).toEqual([running.json.id, retry.json.id, id]);
    expect((await api.call('viewer', 'GET', '/api/v1/runs?status=FAILURE,CANCELED')).json.runs.map((r: { id: string }) => r.id)).toEqual([retry.json.id, id]);
    expect((await api.call('viewer', 'GET', '/api/v1/runs?trigger=manual')).json.runs.map((r: { id: string }) => r.id)).toEqual([retry.json.id]);
    expect((await api.call('viewer', 'GET', '/api/v1/runs?product=other')).json.runs).toEqual([]);
    const first = await api.call('viewer', 'GET', '/api/v1/runs?limit=2');
    expect(first.json.runs.map((r: { id: string }) => r.id)).toEqual(all.slice(0, 2));
    const second = await api.call('viewer', 'GET', `/api/v1/runs?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).toMatchObject({ runs: [{ id }], nextCursor: null });
    const createdAt = (await store.getRun(retry.json.id)).createdAt;
    expect((await api.call('viewer', 'GET', `/api/v1/runs?createdAfter=${createdAt}`)).json.runs.map((r: { id: string }) => r.id)).toEqual([running.json.id, retry.json.id]);
    expect((await api.call('viewer', 'GET', `/api/v1/runs?createdBefore=${createdAt}`)).json.runs.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('shows each node as an asset: its status, last materialization, rows and history', async () => {
    const api = await open();
    await api.call('operator', 'POST', '/api/v1/products', { bytes: shop.bytes });
    const good = (await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop' } })).json.id;
    await runAsAJobWould(store, good, 'SUCCESS');
    const bad = (await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop' } })).json.id;
    await runAsAJobWould(store, bad, 'FAILURE');

    const assets = await api.call('viewer', 'GET', '/api/v1/products/tiny-shop/assets');
    const byName = Object.fromEntries(assets.json.assets.map((asset: { name: string }) => [asset.name, asset]));
    expect(Object.keys(byName).sort()).toEqual(['bronze_orders', 'gold_revenue', 'raw_orders', 'silver_orders']);
    expect(byName.silver_orders).toMatchObject({ status: 'ERROR', lastRun: { runId: bad, status: 'ERROR', runStatus: 'FAILURE' }, lastMaterialization: { runId: good, status: 'SUCCESS', rowsAffected: 3 }, rows: 3 });
    expect(byName.bronze_orders).toMatchObject({ status: 'SUCCESS', lastMaterialization: { runId: bad }, rows: 4, materialized: 'table', transform: 'shop' });

    const history = await api.call('viewer', 'GET', '/api/v1/products/tiny-shop/assets/model.shop.silver_orders/history?limit=1');
    expect(history.json.history).toMatchObject([{ runId: bad, status: 'ERROR' }]);
    const older = await api.call('viewer', 'GET', `/api/v1/products/tiny-shop/assets/model.shop.silver_orders/history?cursor=${history.json.nextCursor}`);
    expect(older.json).toMatchObject({ history: [{ runId: good, status: 'SUCCESS' }], nextCursor: null });
    expect((await api.call('viewer', 'GET', '/api/v1/products/tiny-shop/assets/model.shop.silver_orders/history?status=SUCCESS')).json.history).toMatchObject([{ runId: good }]);
  });

  it('lists schedules with next ticks and sensors; pauses and resumes them', async () => {
    const api = await open();
    await api.call('operator', 'POST', '/api/v1/products', { bytes: shop.bytes });
    await api.call('operator', 'POST', '/api/v1/products', { bytes: downstream.bytes });

    const schedules = await api.call('viewer', 'GET', '/api/v1/schedules');
    expect(schedules.json.schedules).toMatchObject([{ id: 'tiny-shop:dev', cron: '0 6 * * *', paused: false, enabled: true }]);
    const ticks: string[] = schedules.json.schedules[0].nextTicks;
    expect(ticks).toHaveLength(5);
    for (const tick of ticks) expect(tick).toMatch(/T06:00:00\.000Z$/);
    expect([...ticks].sort()).toEqual(ticks);
    const next = await api.call('viewer', 'GET', '/api/v1/schedules/tiny-shop:dev/next-ticks?count=3');
    expect(next.json).toMatchObject({ id: 'tiny-shop:dev', timezone: 'UTC', ticks: ticks.slice(0, 3) });

    const paused = await api.call('operator', 'POST', '/api/v1/schedules/tiny-shop:dev/pause');
    expect(paused.json).toMatchObject({ paused: true, pausedBy: 'operator-client', nextTicks: [] });
    expect((await api.call('viewer', 'GET', '/api/v1/schedules/tiny-shop:dev')).json.paused).toBe(true);
    expect((await api.call('operator', 'POST', '/api/v1/schedules/tiny-shop:dev/resume')).json).toMatchObject({ paused: false, nextTicks: expect.arrayContaining([ticks[1]]) });
    expect((await api.call('viewer', 'GET', '/api/v1/schedules/tiny-shop:dev/ticks')).json.ticks).toEqual([]);
    expect((await api.call('operator', 'POST', '/api/v1/schedules/nope:dev/pause')).json).toMatchObject({ status: 404, code: 'FLOE_STATE_INSTIGATOR_NOT_FOUND' });
    expect((await api.call('viewer', 'GET', '/api/v1/schedules?product=revenue-report')).json.schedules).toEqual([]);

    const sensors = await api.call('viewer', 'GET', '/api/v1/sensors');
    expect(sensors.json.sensors).toMatchObject([{ id: 'revenue-report:dev:input_ports', inputs: [{ product: 'tiny-shop', port: 'revenue' }], paused: false }]);
    expect((await api.call('operator', 'POST', '/api/v1/sensors/revenue-report:dev:input_ports/pause')).json).toMatchObject({ paused: true, pausedBy: 'operator-client' });
    expect((await api.call('viewer', 'GET', '/api/v1/sensors/revenue-report:dev:input_ports')).json.paused).toBe(true);
    expect((await api.call('operator', 'POST', '/api/v1/sensors/revenue-report:dev:input_ports/resume')).json.paused).toBe(false);
    expect((await api.call('viewer', 'GET', '/api/v1/sensors/revenue-report:dev:input_ports/ticks')).json.ticks).toEqual([]);
    expect((await api.call('viewer', 'GET', '/api/v1/sensors/nope')).json.code).toBe('FLOE_STATE_INSTIGATOR_NOT_FOUND');
  });

  it('shows the daemon: leader, term and heartbeat age', async () => {
    const api = await open();
    expect((await api.call('viewer', 'GET', '/api/v1/daemon')).json).toMatchObject({ leader: null, daemons: [], heartbeatAgeSeconds: null });
    await store.daemons.recordHeartbeat({ id: 'daemon-a', hostname: 'host-a', pid: 42, mode: 'ha', role: 'leader', term: 3, version: '0.1.0', startedAt: new Date() });
    await store.daemons.acquireLease({ name: 'floe-daemon', holder: 'daemon-a', durationMs: 15_000 });
    const status = await api.call('viewer', 'GET', '/api/v1/daemon');
    expect(status.json).toMatchObject({ leader: { holder: 'daemon-a', term: 1, expired: false }, daemons: [{ id: 'daemon-a', role: 'leader', mode: 'ha' }] });
    expect(status.json.heartbeatAgeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('is ready on a current schema', async () => {
    const api = await open();
    const ready = await api.call('anonymous', 'GET', '/ready');
    expect(ready.json).toMatchObject({ status: 'ready', checks: { store: { ok: true, kind: backend.name }, schema: { ok: true }, products: { ok: true, count: 0 } } });
    expect((await api.call('anonymous', 'GET', '/health')).json).toEqual({ status: 'ok' });
  });
});

describe('readiness against a store a newer floe migrated (PostgreSQL)', () => {
  const backend = postgresBackend();
  afterAll(() => backend.cleanup());

  it('answers 503 with a problem document that names the unknown migration and keeps serving', async () => {
    const { store, config } = await backend.freshStore({ clock: stoppedClock('2026-06-01T00:00:00.000Z') });
    const api = await testWebserver(store);
    try {
      await backend.rawSql(config, "insert into floe_state_migration (name, timestamp) values ('0999_from_the_future', now()::text)");
      const ready = await api.call('anonymous', 'GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ready.json).toMatchObject({ code: 'FLOE_API_NOT_READY', checks: { store: { ok: true }, schema: { ok: false, unknown: ['0999_from_the_future'] } } });
      expect(ready.json.hint).toContain('upgrade');
      expect((await api.call('anonymous', 'GET', '/health')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
