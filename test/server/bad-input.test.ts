/**
 * Bad input gets an RFC 9457 problem document (application/problem+json,
 * a floe code, each invalid part named), nothing is stored, and the server
 * keeps serving: bad JSON, wrong types, unknown fields, oversized bodies,
 * the wrong media type, bad bundles, bad query values, unknown paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore, type StateStore } from '../../src/orchestrator/index.js';
import { sqliteBackend } from '../orchestrator/state/state-store-backends.js';
import { craftedTarball } from '../orchestrator/support/crafted-tarball.js';
import { tinyBundle } from '../orchestrator/support/tiny-products.js';
import { testWebserver, type ApiResponse, type TestWebserver } from './support/test-webserver.js';

const backend = sqliteBackend();
let store: StateStore;
let api: TestWebserver;
let bundle: Awaited<ReturnType<typeof tinyBundle>>;

beforeAll(async () => {
  store = await openStateStore(await backend.freshConfig());
  bundle = await tinyBundle();
  // A small bundle limit, so "too large" is cheap to reach (the tiny bundle itself fits).
  api = await testWebserver(store, { bundleLimits: { maxBytes: bundle.bytes.length + 1024, maxUnpackedBytes: 10 * 1024 * 1024, maxEntries: 1000 }, jsonBodyLimit: 4096 });
});
afterAll(async () => {
  await api.close();
  await store.close();
  await backend.cleanup();
  bundle.product.remove();
});

function expectProblem(response: ApiResponse, status: number, code: string): void {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json).toMatchObject({ status, code, type: `https://floe.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`, title: expect.any(String), detail: expect.any(String) });
}

async function nothingStored(): Promise<void> {
  expect(await store.listRuns({ limit: 10 })).toEqual([]);
  expect(await store.products.listProducts()).toEqual([]);
}

describe('bad input', () => {
  it('refuses a run request that is not JSON, has wrong types or unknown fields, and stores nothing', async () => {
    expectProblem(await api.call('operator', 'POST', '/api/v1/runs', { body: '{"product": ' }), 400, 'FLOE_API_INVALID_REQUEST');
    const wrongTypes = await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 42, priority: 'high', selection: { select: 'gold' } } });
    expectProblem(wrongTypes, 400, 'FLOE_API_INVALID_REQUEST');
    expect(wrongTypes.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.product', 'body.priority', 'body.selection.select']));
    const unknown = await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop', when: 'now' } });
    expectProblem(unknown, 400, 'FLOE_API_INVALID_REQUEST');
    expect(unknown.json.detail).toContain('when');
    expectProblem(await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop', priority: 10_000_001 } }), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('operator', 'POST', '/api/v1/runs', { body: 'product=tiny-shop', contentType: 'application/x-www-form-urlencoded' }), 415, 'FLOE_API_UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'x'.repeat(5000) } }), 413, 'FLOE_API_BODY_TOO_LARGE');
    expectProblem(await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'not-registered' } }), 404, 'FLOE_PRODUCT_NOT_FOUND');
    await nothingStored();
  });

  it('refuses bad bundles and stores nothing: digest mismatch, not a tarball, unsafe path, link, too large, no artifacts, wrong media type', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    expectProblem(await api.call('operator', 'POST', `/api/v1/products?digest=${other}`, { bytes: bundle.bytes }), 400, 'FLOE_BUNDLE_DIGEST_MISMATCH');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products?digest=md5:abc', { bytes: bundle.bytes }), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products', { bytes: Buffer.from('this is not a tarball') }), 422, 'FLOE_BUNDLE_NOT_A_TARBALL');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products', { bytes: await craftedTarball([{ name: '../escape.sql', content: 'select 1' }]) }), 422, 'FLOE_BUNDLE_UNSAFE_PATH');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products', { bytes: await craftedTarball([{ name: '/etc/passwd', content: 'x' }]) }), 422, 'FLOE_BUNDLE_UNSAFE_PATH');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products', { bytes: await craftedTarball([{ name: 'models/x.sql', type: 'symlink', linkname: '/etc/passwd' }]) }), 422, 'FLOE_BUNDLE_LINK');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products', { bytes: await craftedTarball([{ name: 'models/x.sql', content: 'select 1' }]) }), 422, 'FLOE_BUNDLE_NO_ARTIFACTS');
    const tooLarge = await api.call('operator', 'POST', '/api/v1/products', { bytes: Buffer.concat([bundle.bytes, Buffer.alloc(4096)]) });
    expectProblem(tooLarge, 413, 'FLOE_API_BODY_TOO_LARGE');
    expect(tooLarge.json.hint).toContain('FLOE_BUNDLE_MAX_BYTES');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products', { body: { bundle: 'base64…' } }), 415, 'FLOE_API_UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await api.call('operator', 'POST', '/api/v1/products', { bytes: bundle.bytes, contentType: 'text/plain' }), 415, 'FLOE_API_UNSUPPORTED_MEDIA_TYPE');
    await nothingStored();
    expect(await store.bundles.has(bundle.digest)).toBe(false);
  });

  it('refuses bad path and query values with the part named', async () => {
    const badLimit = await api.call('viewer', 'GET', '/api/v1/runs?limit=0');
    expectProblem(badLimit, 400, 'FLOE_API_INVALID_REQUEST');
    expect(badLimit.json.errors).toMatchObject([{ path: 'querystring.limit' }]);
    expectProblem(await api.call('viewer', 'GET', '/api/v1/runs?limit=lots'), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('viewer', 'GET', '/api/v1/runs?status=DONE'), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('viewer', 'GET', '/api/v1/runs?createdAfter=yesterday'), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('viewer', 'GET', '/api/v1/runs?cursor=not-a-run-id'), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('viewer', 'GET', '/api/v1/runs?colour=blue'), 400, 'FLOE_API_INVALID_REQUEST');
    const badId = await api.call('viewer', 'GET', '/api/v1/runs/not-a-run');
    expectProblem(badId, 400, 'FLOE_API_INVALID_REQUEST');
    expect(badId.json.errors).toMatchObject([{ path: 'params.id' }]);
    expectProblem(await api.call('viewer', 'GET', '/api/v1/runs/01900000-0000-7000-8000-000000000000'), 404, 'FLOE_STATE_RUN_NOT_FOUND');
    expectProblem(await api.call('viewer', 'GET', '/api/v1/runs/01900000/events?afterId=-1'), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('viewer', 'GET', '/api/v1/schedules/x/next-ticks?count=1000'), 400, 'FLOE_API_INVALID_REQUEST');
    expectProblem(await api.call('viewer', 'GET', '/api/v1/nothing-here'), 404, 'FLOE_API_NOT_FOUND');
    expectProblem(await api.call('operator', 'DELETE', '/api/v1/runs'), 404, 'FLOE_API_NOT_FOUND');
  });

  it('keeps serving afterwards', async () => {
    expect((await api.call('operator', 'POST', '/api/v1/products', { bytes: bundle.bytes })).status).toBe(201);
    expect((await api.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop' } })).status).toBe(201);
    expect((await api.call('anonymous', 'GET', '/ready')).json.checks.products.count).toBe(1);
  });
});
