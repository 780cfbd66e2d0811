/**
 * The live event tail over Server-Sent Events, and several webservers over
 * one PostgreSQL store (nothing a replica needs is kept in memory): real
 * HTTP servers on ports, read with the CLI's own API client.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrchestratorClient, type RunStreamItem } from '../../src/cli/remote/orchestrator-client.js';
import { executeRun, observabilityFromEnv, planFromArtifacts, registerBundle, triggerRun, type StateStore } from '../../src/orchestrator/index.js';
import { postgresBackend } from '../orchestrator/state/state-store-backends.js';
import { tinyBundle } from '../orchestrator/support/tiny-products.js';
import { testWebserver, TOKENS, type TestWebserver } from './support/test-webserver.js';

const backend = postgresBackend();
let bundle: Awaited<ReturnType<typeof tinyBundle>>;
let storeA: StateStore;
let storeB: StateStore;
let serverA: TestWebserver;
let serverB: TestWebserver;
let clientA: OrchestratorClient;
let clientB: OrchestratorClient;

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  bundle = await tinyBundle();
  const fresh = await backend.freshStore();
  storeA = fresh.store;
  storeB = await backend.open(fresh.config);
  await registerBundle(storeA, bundle.bytes);
  // Two webservers, each with its own connection pool, as two replicas behind a load balancer.
  serverA = await testWebserver(storeA);
  serverB = await testWebserver(storeB);
  clientA = new OrchestratorClient({ url: await listen(serverA.app), token: TOKENS.operator });
  clientB = new OrchestratorClient({ url: await listen(serverB.app), token: TOKENS.viewer });
});
afterAll(async () => {
  await serverA.close();
  await serverB.close();
  await backend.cleanup();
  bundle.product.remove();
});

/** Pulls items from a stream until one matches. */
async function until(stream: AsyncIterator<RunStreamItem>, matches: (item: RunStreamItem) => boolean, seen: RunStreamItem[] = []): Promise<RunStreamItem[]> {
  for (;;) {
    const next = await stream.next();
    if (next.done) throw new Error(`the stream ended before the item waited for; got ${JSON.stringify(seen.map((item) => item.kind))}`);
    seen.push(next.value);
    if (matches(next.value)) return seen;
  }
}

describe('the live event tail (SSE)', () => {
  it("delivers a running run's events and status changes as they happen, then ends", async () => {
    const run = await clientA.triggerRun({ product: 'tiny-shop' });
    const stream = clientB.followRun(run.id)[Symbol.asyncIterator]();
    expect((await until(stream, (item) => item.kind === 'run')).at(-1)).toMatchObject({ kind: 'run', run: { id: run.id, status: 'QUEUED' } });

    // A job starts it: the tail sees the new status before the job writes anything else.
    await storeA.updateRunStatus(run.id, 'STARTING');
    await storeA.updateRunStatus(run.id, 'STARTED');
    expect((await until(stream, (item) => item.kind === 'run')).at(-1)).toMatchObject({ run: { status: 'STARTED' } });
    // Each event arrives after it was written and before the next one is.
    for (const node of ['seed.shop.raw_orders', 'model.shop.bronze_orders', 'model.shop.silver_orders']) {
      const [written] = await storeA.appendEvents(run.id, [{ kind: 'step.finished', step: node, message: `SUCCESS: ${node}` }]);
      const got = (await until(stream, (item) => item.kind === 'event')).at(-1);
      expect(got).toEqual({ kind: 'event', event: written });
    }
    await storeA.updateRunStatus(run.id, 'SUCCESS');
    const rest = await until(stream, (item) => item.kind === 'end');
    expect(rest.at(-1)).toMatchObject({ kind: 'end', run: { status: 'SUCCESS' } });
    expect((await stream.next()).done).toBe(true);
  });

  it('resumes after a given event id, and serves a finished run to the end at once', async () => {
    const run = await triggerRun(storeA, { product: 'tiny-shop' });
    await storeA.updateRunStatus(run.id, 'CANCELED');
    const events = await storeA.appendEvents(run.id, [1, 2, 3].map((n) => ({ kind: 'log', message: `line ${n}` })));
    const items: RunStreamItem[] = [];
    for await (const item of clientB.followRun(run.id, { afterId: events[0].id })) items.push(item);
    expect(items.map((item) => (item.kind === 'event' ? item.event.message : item.kind))).toEqual(['run', 'line 2', 'line 3', 'end']);

    // Last-Event-ID (what a browser sends when it reconnects) wins over afterId.
    const response = await fetch(`${clientB.baseUrl}/api/v1/runs/${run.id}/events/stream?afterId=0`, { headers: { authorization: `Bearer ${TOKENS.viewer}`, 'last-event-id': String(events[1].id) } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toContain(`id: ${events[2].id}\nevent: event\n`);
    expect(text).not.toContain('line 2');
    expect(text).toMatch(/event: end\ndata: \{"id":"[^"]+"/);
  });

  it('follows a real run of a product through the run path while it runs', async () => {
    const plan = await planFromArtifacts(bundle.product.artifacts, bundle.product.dir, 'dev', {});
    const observability = observabilityFromEnv({}, { defaultLineageFile: join(bundle.product.dir, '.floe', 'lineage.jsonl') });
    let items: Promise<RunStreamItem[]> | undefined;
    const outcome = await executeRun(plan, {
      store: storeA,
      observability,
      env: {},
      onRunCreated: (id) => {
        items = (async () => {
          const seen: RunStreamItem[] = [];
          for await (const item of clientB.followRun(id)) seen.push(item);
          return seen;
        })();
      },
    });
    const seen = await items!;
    expect(outcome.status).toBe('SUCCESS');
    // The tail joined while the run was still going (its first frame is an unfinished run).
    expect(seen[0]).toMatchObject({ kind: 'run', run: { status: expect.stringMatching(/^(QUEUED|STARTING|STARTED)$/) } });
    const finished = seen.flatMap((item) => (item.kind === 'event' && item.event.kind === 'step.finished' ? [item.event.step] : []));
    expect(finished).toEqual(expect.arrayContaining(['seed.shop.raw_orders', 'model.shop.bronze_orders', 'model.shop.silver_orders', 'model.shop.gold_revenue']));
    expect(seen.at(-1)).toMatchObject({ kind: 'end', run: { id: outcome.runId, status: 'SUCCESS' } });
    // Every event the run recorded came through the tail, in order.
    const recorded = await storeA.getEvents(outcome.runId);
    expect(seen.flatMap((item) => (item.kind === 'event' ? [item.event.id] : []))).toEqual(recorded.map((event) => event.id));
  });

  it('answers a missing run with a problem document before streaming', async () => {
    await expect(clientB.followRun('01900000-0000-7000-8000-000000000000').next()).rejects.toMatchObject({ code: 'FLOE_STATE_RUN_NOT_FOUND' });
  });
});

describe('two webservers over one store', () => {
  it('serve the same products and runs: what one writes, the other reads at once', async () => {
    const run = await clientA.triggerRun({ product: 'tiny-shop', selection: { select: ['gold_revenue'] } });
    expect(await clientB.getRun(run.id)).toEqual(run);
    expect((await clientB.listRuns({ product: 'tiny-shop', status: ['QUEUED'] })).runs.map((r) => r.id)).toContain(run.id);

    const operatorOnB = new OrchestratorClient({ url: clientB.baseUrl, token: TOKENS.operator });
    expect((await operatorOnB.cancelRun(run.id)).status).toBe('CANCELED');
    expect((await clientA.getRun(run.id)).status).toBe('CANCELED');

    // Registering the same bundle through the other replica is the same no-op.
    expect(await operatorOnB.registerBundle(bundle.bytes, bundle.digest)).toMatchObject({ created: false, version: { digest: bundle.digest } });
    expect((await clientA.getProduct('tiny-shop')).product.versionCount).toBe(1);

    // The same tokens work on both (they come from configuration, not from a replica's memory).
    expect(await new OrchestratorClient({ url: clientA.baseUrl, token: TOKENS.viewer }).whoAmI()).toEqual(await clientB.whoAmI());
  });

  it('answer many requests at once from both, consistently', async () => {
    const triggered = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? clientA : new OrchestratorClient({ url: clientB.baseUrl, token: TOKENS.operator })).triggerRun({ product: 'tiny-shop' })));
    const [listA, listB] = await Promise.all([clientA.listRuns({ limit: 100 }), clientB.listRuns({ limit: 100 })]);
    expect(listA.runs.map((r) => r.id)).toEqual(listB.runs.map((r) => r.id));
    for (const run of triggered) expect(listA.runs.map((r) => r.id)).toContain(run.id);
  });
});
