/**
 * The daemon against a real PostgreSQL store, with the in-process launcher
 * (the same `runJob` as `floe job run`): exactly one run per schedule tick
 * across a restart and with two daemons at once; cancel of a queued and a
 * running run; the retry policy's linked attempts; a killed job detected.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Daemon,
  DatabaseElection,
  DEFAULT_DAEMON_SETTINGS,
  InProcessLauncher,
  registerBundle,
  SingleLeadership,
  SubprocessLauncher,
  triggerRun,
  type DaemonSettings,
  type Launcher,
  type StateStore,
} from '../../../src/orchestrator/index.js';
import { postgresBackend } from '../state/state-store-backends.js';
import { tinyBundle } from '../support/tiny-products.js';
import { waitFor } from '../support/wait-for.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const backend = postgresBackend();
const warehouse = mkdtempSync(join(tmpdir(), 'floe-daemon-warehouse-'));
const fast: DaemonSettings = { ...DEFAULT_DAEMON_SETTINGS, pollIntervalMs: 100, monitorIntervalMs: 200, heartbeatIntervalMs: 500, lateAfterMs: 5_000, cancelGraceMs: 5_000, shutdownGraceMs: 10_000 };
const daemons: Daemon[] = [];
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
  await backend.cleanup();
});
afterAll(() => rmSync(warehouse, { recursive: true, force: true }));

let everySecond: Awaited<ReturnType<typeof tinyBundle>>;
let failing: Awaited<ReturnType<typeof tinyBundle>>;
let slow: Awaited<ReturnType<typeof tinyBundle>>;
beforeAll(async () => {
  everySecond = await tinyBundle({ schedule: '  cron: "* * * * * *"\n  catch_up: skip' });
  everySecond.product.remove();
  failing = await tinyBundle({ name: 'failing-shop', schedule: null });
  slow = await tinyBundle({ name: 'slow-shop', schedule: null, slowGold: true });
  slow.product.remove();
  writeFileSync(join(failing.product.dir, 'shop/models/gold/gold_revenue.sql'), 'select no_such_column from {{ ref("silver_orders") }}');
  const { packageBundle } = await import('../../../src/orchestrator/index.js');
  failing = { ...failing, ...(await packageBundle(failing.product.dir, failing.product.artifacts)) };
  failing.product.remove();
});

async function daemon(store: StateStore, settings: Partial<DaemonSettings> = {}, launcher?: Launcher, id = `d-${daemons.length}`): Promise<Daemon> {
  const started = new Daemon({
    id,
    store,
    settings: { ...fast, ...settings },
    launcher: launcher ?? new InProcessLauncher({ store, daemonId: id, warehouseDir: warehouse, heartbeatIntervalMs: 200 }),
    election: settings.mode === 'ha' ? new DatabaseElection({ store, lease: 'floe-daemon', holder: id, timings: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 200 } }) : new SingleLeadership(),
  });
  daemons.push(started);
  await started.start();
  return started;
}

async function scheduledRuns(store: StateStore) {
  return (await store.listRuns({ limit: 1000 })).filter((run) => run.trigger === 'schedule');
}

describe('the daemon', () => {
  it('submits one run per tick, with two daemons at once and across a restart', async () => {
    const { store, config } = await backend.freshStore();
    const other = await backend.open(config);
    await registerBundle(store, everySecond.bytes);
    const first = await daemon(store, { maxRuns: 0 });
    await daemon(other, { maxRuns: 0 });
    await waitFor('three scheduled runs', async () => (await scheduledRuns(store)).length >= 3, 20_000);
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await daemon(store, { maxRuns: 0 }, undefined, 'd-restarted');
    const before = (await scheduledRuns(store)).length;
    await waitFor('two more scheduled runs after the restart', async () => (await scheduledRuns(store)).length >= before + 2, 20_000);

    const runs = await scheduledRuns(store);
    const ticks = runs.map((run) => run.scheduledFor);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.every((tick) => tick!.endsWith('.000Z'))).toBe(true);
    expect(runs.every((run) => run.instigator === 'tiny-shop:dev' && run.bundleDigest === everySecond.digest)).toBe(true);
  });

  it('pauses and resumes a schedule', async () => {
    const { store } = await backend.freshStore();
    await registerBundle(store, everySecond.bytes);
    await store.instigators.setSchedulePaused('tiny-shop:dev', true, 'ops');
    await daemon(store, { maxRuns: 0 });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await scheduledRuns(store)).toEqual([]);
    await store.instigators.setSchedulePaused('tiny-shop:dev', false);
    await waitFor('a scheduled run after resuming', async () => (await scheduledRuns(store)).length > 0, 10_000);
  });

  it('runs queued runs to the end, cancels a queued one at once and a running one through its job', async () => {
    const { store } = await backend.freshStore();
    await registerBundle(store, everySecond.bytes);
    await store.instigators.setSchedulePaused('tiny-shop:dev', true);
    const waiting = await triggerRun(store, { product: 'tiny-shop', priority: -1 });
    expect((await store.queue.requestCancel(waiting.id)).status).toBe('CANCELED');
    const run = await triggerRun(store, { product: 'tiny-shop' });
    await daemon(store);
    await waitFor('the run to succeed', async () => (await store.getRun(run.id)).status === 'SUCCESS', 30_000);
    expect((await store.getRun(waiting.id)).status).toBe('CANCELED');

    await registerBundle(store, slow.bytes);
    const second = await triggerRun(store, { product: 'slow-shop' });
    await waitFor('the slow model to be running', async () => (await store.getSteps(second.id)).some((step) => step.name === 'gold_revenue' && step.status === 'RUNNING'), 30_000);
    expect((await store.queue.requestCancel(second.id)).status).toBe('CANCELING');
    const ended = await waitFor('the run to end', async () => {
      const current = await store.getRun(second.id);
      return ['CANCELED', 'SUCCESS', 'FAILURE'].includes(current.status) ? current : undefined;
    }, 30_000);
    expect(ended.status).toBe('CANCELED');
    const steps = await store.getSteps(second.id);
    expect(steps.find((step) => step.name === 'silver_orders')?.status).toBe('SUCCESS');
    expect(steps.some((step) => step.status === 'RUNNING' || step.status === 'PENDING')).toBe(false);
  });

  it('retries a failed run per the policy, as a linked attempt', async () => {
    const { store, config } = await backend.freshStore();
    await registerBundle(store, failing.bytes);
    // The fixture's manifest says max_attempts 1; the policy of this version is read from its artifacts, so patch them.
    const version = (await store.products.findVersion('failing-shop'))!;
    const artifacts = (await store.products.getVersionArtifacts('failing-shop', version.digest))!;
    const orchestrator = artifacts.orchestrator as { retry: Record<string, unknown> };
    orchestrator.retry = { max_attempts: 2, backoff_seconds: 0, retry_on: ['step'] };
    await backend.rawSql(config, `update product_versions set artifacts = '${JSON.stringify(artifacts).replace(/'/g, "''")}'`);
    const run = await triggerRun(store, { product: 'failing-shop' });
    await daemon(store);
    const retry = await waitFor('the retry to fail too', async () => {
      const runs = await store.listRuns({ product: 'failing-shop' });
      const second = runs.find((candidate) => candidate.parentRunId === run.id);
      return second && second.status === 'FAILURE' ? second : undefined;
    }, 40_000);
    expect(retry).toMatchObject({ trigger: 'retry', attempt: 2, rootRunId: run.id, instigator: 'retry-policy', failureKind: 'step' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // attempt 2 of 2: no third.
    expect(await store.listRuns({ product: 'failing-shop' })).toHaveLength(2);
  });

  it('detects a killed job and keeps its last log lines', async () => {
    const { store } = await backend.freshStore();
    await registerBundle(store, everySecond.bytes);
    await store.instigators.setSchedulePaused('tiny-shop:dev', true);
    const logDir = mkdtempSync(join(tmpdir(), 'floe-killed-logs-'));
    // A "floe" that prints a line, then dies without recording anything: a job OOM-killed before its first write.
    const launcher = new SubprocessLauncher({ command: [process.execPath, '-e', "console.log('loading the bundle…'); process.kill(process.pid, 'SIGKILL')", '--'], logDir });
    const run = await triggerRun(store, { product: 'tiny-shop' });
    await daemon(store, {}, launcher);
    const ended = await waitFor('the run to fail', async () => {
      const current = await store.getRun(run.id);
      return current.status === 'FAILURE' ? current : undefined;
    }, 20_000);
    expect(ended).toMatchObject({ failureKind: 'infrastructure', error: expect.stringContaining('killed by SIGKILL') });
    const event = (await store.getEvents(run.id)).find((candidate) => candidate.kind === 'run.failed');
    expect(event?.data).toMatchObject({ reason: 'job-died', lastLogLines: ['loading the bundle…'] });
    rmSync(logDir, { recursive: true, force: true });
  });
});
