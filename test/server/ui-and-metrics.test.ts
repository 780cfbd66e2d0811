/**
 * The web UI's files at / (with the SPA fallback, and a plain page when no
 * UI is built) and /metrics: the existing run metrics plus HTTP request
 * metrics by route template, the daemon's heartbeat age and the queue depth,
 * read from the store at scrape time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore, registerBundle, triggerRun, type StateStore } from '../../src/orchestrator/index.js';
import { sqliteBackend } from '../orchestrator/state/state-store-backends.js';
import { tinyBundle } from '../orchestrator/support/tiny-products.js';
import { testWebserver, type TestWebserver } from './support/test-webserver.js';

const backend = sqliteBackend();
let store: StateStore;
let uiDir: string;
let withUi: TestWebserver;
let withoutUi: TestWebserver;
let bundle: Awaited<ReturnType<typeof tinyBundle>>;

beforeAll(async () => {
  store = await openStateStore(await backend.freshConfig());
  bundle = await tinyBundle();
  await registerBundle(store, bundle.bytes);
  uiDir = mkdtempSync(join(tmpdir(), 'floe-ui-'));
  mkdirSync(join(uiDir, 'assets'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>floe ui</title><div id="root"></div>');
  writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log("floe")');
  withUi = await testWebserver(store, { uiDir });
  withoutUi = await testWebserver(store, { uiDir: join(uiDir, 'missing') });
});
afterAll(async () => {
  await withUi.close();
  await withoutUi.close();
  await store.close();
  await backend.cleanup();
  rmSync(uiDir, { recursive: true, force: true });
  bundle.product.remove();
});

describe('the web UI files', () => {
  it('serves the built UI at / and its assets, without a token', async () => {
    const index = await withUi.call('anonymous', 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toContain('floe ui');
    const asset = await withUi.call('anonymous', 'GET', '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.body).toBe('console.log("floe")');
  });

  it('answers a client-side route with index.html, but never an API path or a missing asset', async () => {
    const deepLink = await withUi.call('anonymous', 'GET', '/runs/01900000-0000-7000-8000-000000000000', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(deepLink.status).toBe(200);
    expect(deepLink.body).toContain('floe ui');
    const api = await withUi.call('anonymous', 'GET', '/api/v2/runs', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.json.code).toBe('FLOE_API_NOT_FOUND');
    expect((await withUi.call('anonymous', 'GET', '/assets/missing.js', { headers: { accept: 'application/javascript' } })).status).toBe(404);
    expect((await withUi.call('anonymous', 'GET', '/../../etc/passwd')).body).not.toContain('root:');
  });

  it('says the UI is not built when there is none', async () => {
    const page = await withoutUi.call('anonymous', 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('The web UI is not built');
    expect(page.body).toContain('/api/openapi.json');
    expect((await withoutUi.call('anonymous', 'GET', '/runs')).body).toContain('not built');
  });
});

describe('/metrics', () => {
  it('has run metrics, HTTP request metrics by route, the daemon heartbeat age and the queue depth', async () => {
    await triggerRun(store, { product: 'tiny-shop' });
    await triggerRun(store, { product: 'tiny-shop' });
    await withUi.call('viewer', 'GET', '/api/v1/runs');
    await withUi.call('viewer', 'GET', '/api/v1/runs/01900000-0000-7000-8000-000000000000');
    let metrics = await withUi.call('anonymous', 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('# TYPE floe_runs_total counter');
    expect(metrics.body).toMatch(/floe_http_requests_total\{method="GET",route="\/api\/v1\/runs",status="200",service="floe-webserver"\} 1/);
    expect(metrics.body).toMatch(/floe_http_requests_total\{method="GET",route="\/api\/v1\/runs\/:id",status="404",service="floe-webserver"\} 1/);
    expect(metrics.body).toContain('floe_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/floe_queue_depth\{service="floe-webserver"\} 2\n/);
    // No daemon ever beat: infinitely old, so "heartbeat age > 60 s" alerts fire.
    expect(metrics.body).toMatch(/floe_daemon_heartbeat_age_seconds\{service="floe-webserver"\} \+Inf\n/);

    await store.daemons.recordHeartbeat({ id: 'd1', hostname: 'h', pid: 1, mode: 'single', role: 'single', term: null, version: '0.1.0', startedAt: new Date() });
    metrics = await withUi.call('anonymous', 'GET', '/metrics');
    const age = Number(/floe_daemon_heartbeat_age_seconds\{service="floe-webserver"\} (\S+)\n/.exec(metrics.body)?.[1]);
    expect(Number.isFinite(age)).toBe(true);
    expect(age).toBeGreaterThanOrEqual(0);
  });
});
