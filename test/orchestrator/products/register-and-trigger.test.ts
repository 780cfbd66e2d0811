/**
 * Registering bundles and queueing runs of them, the way the webserver does,
 * on both stores: a bad bundle stores nothing; the same digest is a no-op; a
 * run records the bundle it will run and may pin a version.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reexecuteRun, registerBundle, triggerRun } from '../../../src/orchestrator/index.js';
import { postgresBackend, sqliteBackend, type StateBackend } from '../state/state-store-backends.js';
import { craftedTarball } from '../support/crafted-tarball.js';
import { tinyBundle } from '../support/tiny-products.js';

let v1: Awaited<ReturnType<typeof tinyBundle>>;
let v2: Awaited<ReturnType<typeof tinyBundle>>;
beforeAll(async () => {
  v1 = await tinyBundle();
  v2 = await tinyBundle({ version: '0.2.0', environment: 'prod' });
});
afterAll(() => {
  v1.product.remove();
  v2.product.remove();
});

describe.each([sqliteBackend(), postgresBackend()])('registering and triggering on $name', (backend: StateBackend) => {
  afterEach(() => backend.cleanup());

  it('registers a bundle once; the same digest again is a no-op', async () => {
    const { store } = await backend.freshStore();
    const first = await registerBundle(store, v1.bytes, { registeredBy: 'ci-token', expectedDigest: v1.digest });
    expect(first).toMatchObject({ created: true, version: { product: 'tiny-shop', version: '0.1.0', digest: v1.digest, environment: 'dev', registeredBy: 'ci-token' } });
    expect(await registerBundle(store, v1.bytes, { registeredBy: 'someone' })).toEqual({ created: false, version: first.version });
    expect(await store.bundles.has(v1.digest)).toBe(true);
    expect((await store.products.getProduct('tiny-shop'))?.productId).toBe('sales.tiny-shop');
    // The fixture's floe.yaml has a schedule and no input ports.
    expect(await store.instigators.listSchedules()).toMatchObject([{ id: 'tiny-shop:dev', cron: '0 6 * * *', catchUp: 'latest' }]);
    expect(await store.instigators.listSensors()).toEqual([]);
  });

  it('stores nothing for a bad bundle', async () => {
    const { store } = await backend.freshStore();
    await expect(registerBundle(store, v1.bytes, { expectedDigest: v2.digest })).rejects.toMatchObject({ code: 'FLOE_BUNDLE_DIGEST_MISMATCH' });
    await expect(registerBundle(store, await craftedTarball([{ name: '../x', content: 'y' }]))).rejects.toMatchObject({ code: 'FLOE_BUNDLE_UNSAFE_PATH' });
    expect(await store.products.listProducts()).toEqual([]);
    expect(await store.bundles.has(v1.digest)).toBe(false);
  });

  it('queues a run of the newest version, or of a pinned one, with its digest, selection and priority', async () => {
    const { store } = await backend.freshStore();
    await registerBundle(store, v1.bytes);
    await registerBundle(store, v2.bytes);
    const newest = await triggerRun(store, { product: 'tiny-shop', triggeredBy: 'alice' });
    expect(newest).toMatchObject({ status: 'QUEUED', trigger: 'api', productVersion: '0.2.0', environment: 'prod', bundleDigest: v2.digest, triggeredBy: 'alice', priority: 0 });
    const pinned = await triggerRun(store, { product: 'tiny-shop', version: '0.1.0', selection: { select: ['+gold_revenue'] }, priority: 5, trigger: 'manual' });
    expect(pinned).toMatchObject({ productVersion: '0.1.0', environment: 'dev', bundleDigest: v1.digest, selection: { select: ['+gold_revenue'] }, priority: 5, trigger: 'manual' });
    expect((await triggerRun(store, { product: 'tiny-shop', version: v1.digest })).bundleDigest).toBe(v1.digest);
    expect((await triggerRun(store, { product: 'tiny-shop', environment: 'dev' })).bundleDigest).toBe(v1.digest);

    await expect(triggerRun(store, { product: 'nope' })).rejects.toMatchObject({ code: 'FLOE_PRODUCT_NOT_FOUND', hint: expect.stringContaining('floe product register') });
    await expect(triggerRun(store, { product: 'tiny-shop', version: '9.0.0' })).rejects.toMatchObject({ code: 'FLOE_PRODUCT_VERSION_NOT_FOUND' });
    await expect(triggerRun(store, { product: 'tiny-shop', environment: 'staging' })).rejects.toMatchObject({ code: 'FLOE_PRODUCT_VERSION_NOT_FOUND' });
    await expect(triggerRun(store, { product: 'tiny-shop', selection: { select: 'gold' } })).rejects.toMatchObject({ code: 'FLOE_RUN_REQUEST_INVALID' });
    await expect(triggerRun(store, { product: 'tiny-shop', selection: { pick: ['x'] } })).rejects.toMatchObject({ code: 'FLOE_RUN_REQUEST_INVALID' });
    expect(await store.queue.queueDepth()).toBe(4);
  });

  it('re-executes the failed and skipped nodes of a finished run as a linked attempt', async () => {
    const { store } = await backend.freshStore();
    await registerBundle(store, v1.bytes);
    const run = await triggerRun(store, { product: 'tiny-shop' });
    await expect(reexecuteRun(store, run.id)).rejects.toMatchObject({ code: 'FLOE_RUN_NOTHING_TO_RETRY' });
    await store.queue.claimRuns({ maxActive: 1, perProductLimit: () => 1, launcher: 'x' });
    await store.updateRunStatus(run.id, 'STARTED');
    await store.upsertSteps(run.id, [
      { uniqueId: 'model.shop.bronze_orders', status: 'SUCCESS' },
      { uniqueId: 'model.shop.silver_orders', status: 'ERROR' },
      { uniqueId: 'model.shop.gold_revenue', status: 'SKIPPED' },
    ]);
    await store.updateRunStatus(run.id, 'FAILURE', { error: '1 node failed', failureKind: 'step' });
    const retry = await reexecuteRun(store, run.id, { triggeredBy: 'bob' });
    expect(retry).toMatchObject({ status: 'QUEUED', trigger: 'manual', parentRunId: run.id, rootRunId: run.id, attempt: 2, bundleDigest: v1.digest, triggeredBy: 'bob' });
    expect((retry.selection?.nodes as string[]).sort()).toEqual(['model.shop.gold_revenue', 'model.shop.silver_orders']);
  });
});
