/**
 * `floe job run --run-id` end to end, launched by the subprocess launcher
 * against a real PostgreSQL store: the job fetches the bundle by digest,
 * runs it, records steps and results, keeps the warehouse in
 * FLOE_WAREHOUSE_DIR and removes its temp folder; its exit code tells the
 * outcome. (Runs the built CLI: `npm run build` first; CI does.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFloeCommand, JOB_EXIT_CODES, registerBundle, SubprocessLauncher, triggerRun, type StateStore, type StateStoreConfig } from '../../../src/orchestrator/index.js';
import { postgresBackend } from '../state/state-store-backends.js';
import { tinyBundle } from '../support/tiny-products.js';
import { waitFor } from '../support/wait-for.js';

const backend = postgresBackend();
let store: StateStore;
let config: StateStoreConfig;
let url: string;
const warehouse = mkdtempSync(join(tmpdir(), 'floe-warehouse-'));
const jobTemp = mkdtempSync(join(tmpdir(), 'floe-job-tmp-'));
const logDir = mkdtempSync(join(tmpdir(), 'floe-job-logs-'));

beforeAll(async () => {
  ({ store, config } = await backend.freshStore());
  url = (config as { url: string }).url;
});
afterAll(async () => {
  await backend.cleanup();
  for (const dir of [warehouse, jobTemp, logDir]) rmSync(dir, { recursive: true, force: true });
});

function floeJob(runId: string): { status: number | null; stdout: string; stderr: string } {
  const [node, main] = defaultFloeCommand();
  const result = spawnSync(node, [main, 'job', 'run', '--run-id', runId], {
    env: { ...process.env, FLOE_DATABASE_URL: url, FLOE_WAREHOUSE_DIR: warehouse, TMPDIR: jobTemp },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('floe job run', () => {
  it('runs a queued run launched by the subprocess launcher, and keeps what a user needs outside its temp folder', async () => {
    const bundle = await tinyBundle();
    bundle.product.remove();
    await registerBundle(store, bundle.bytes);
    const run = await triggerRun(store, { product: 'tiny-shop' });
    const [claimed] = await store.queue.claimRuns({ maxActive: 1, perProductLimit: () => 1, launcher: 'subprocess' });
    expect(claimed.id).toBe(run.id);
    const launcher = new SubprocessLauncher({ env: { ...process.env, FLOE_DATABASE_URL: url, FLOE_WAREHOUSE_DIR: warehouse, TMPDIR: jobTemp }, logDir });
    const ref = await launcher.launch(claimed, { traceContext: { TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    await store.queue.recordLaunch(run.id, ref);

    const done = await waitFor('the run to finish', async () => {
      const current = await store.getRun(run.id);
      return ['SUCCESS', 'FAILURE', 'CANCELED'].includes(current.status) ? current : undefined;
    }, 60_000);
    expect(done).toMatchObject({ status: 'SUCCESS', bundleDigest: bundle.digest, artifactsHash: expect.any(String), launcher: 'subprocess' });
    await waitFor('the job process to exit', async () => (await launcher.inspect(await store.getRun(run.id))).state === 'succeeded');

    const steps = await store.getSteps(run.id);
    expect(steps.map((step) => step.uniqueId)).toContain('model.shop.gold_revenue');
    expect(steps.every((step) => ['SUCCESS', 'PASS'].includes(step.status))).toBe(true);
    const [results] = await store.getRunResults(run.id);
    expect(results).toMatchObject({ transform: 'shop', results: { metadata: { dbt_schema_version: expect.stringContaining('run-results') } } });
    // The DuckDB file is in the warehouse folder; the job's temp folder is gone.
    expect(readdirSync(join(warehouse, 'warehouse'))).toContain('tiny.duckdb');
    expect(readdirSync(jobTemp).filter((name) => name.startsWith('floe-bundle-'))).toEqual([]);

    // Running it again: it is not runnable any more.
    const again = floeJob(run.id);
    expect(again.status).toBe(JOB_EXIT_CODES.notRunnable);
    expect(again.stderr).toContain('SUCCESS');
  });

  it('exits 1 when a node fails, 4 when the bundle is bad, 5 for an unknown run', async () => {
    const broken = await tinyBundle({ name: 'broken-shop' });
    writeFileSync(join(broken.product.dir, 'shop/models/gold/gold_revenue.sql'), 'select no_such_column from {{ ref("silver_orders") }}');
    const { packageBundle } = await import('../../../src/orchestrator/index.js');
    const bytes = (await packageBundle(broken.product.dir, broken.product.artifacts)).bytes;
    broken.product.remove();
    await registerBundle(store, bytes);
    const failing = await triggerRun(store, { product: 'broken-shop' });
    const outcome = floeJob(failing.id);
    expect(outcome.status).toBe(JOB_EXIT_CODES.failure);
    expect(await store.getRun(failing.id)).toMatchObject({ status: 'FAILURE', failureKind: 'step' });

    // A run whose bundle is not in the store.
    const orphan = await store.createRun({ product: 'broken-shop', environment: 'dev', trigger: 'api', bundleDigest: `sha256:${'e'.repeat(64)}` });
    const missing = floeJob(orphan.id);
    expect(missing.status).toBe(JOB_EXIT_CODES.infrastructure);
    expect(await store.getRun(orphan.id)).toMatchObject({ status: 'FAILURE', failureKind: 'infrastructure', error: expect.stringContaining('FLOE_BUNDLE_NOT_FOUND') });

    expect(floeJob('0190a000-0000-7000-8000-00000000dead').status).toBe(JOB_EXIT_CODES.notRunnable);
    expect(existsSync(jobTemp)).toBe(true);
  });
});
