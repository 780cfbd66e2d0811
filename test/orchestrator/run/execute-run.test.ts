/**
 * A real dbt-format project run through the one run code path on DuckDB,
 * recorded in the embedded SQLite state store: what a person finds in
 * `floe status` / `floe logs` afterwards.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FloeErrors } from '../../../src/errors/index.js';
import {
  executeRun,
  openLocalStateStore,
  planFromDbtProject,
  retryPlan,
  type RunPlan,
} from '../../../src/orchestrator/index.js';
import { MODEL, SEED, VIEW, copyShop, quietObservability, cleanupAfterEach, shopWithStore } from './run-fixture.js';

const cleanup = cleanupAfterEach();

/** Breaks customer_revenue (an unknown column) through env_var(). */
const BROKEN = { FLOE_TEST_BREAK_MODEL: 'yes' };

describe('executeRun on a real DuckDB project', () => {
  it('records a successful run: run row, one step per node, events', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    let announced: string | undefined;
    const outcome = await executeRun(planFromDbtProject(dir), { store, observability: quietObservability(), env: {}, heartbeatIntervalMs: 10, onRunCreated: (id) => (announced = id) });

    expect(outcome.status).toBe('SUCCESS');
    expect(announced).toBe(outcome.runId);
    expect(outcome.counts).toEqual({ success: 3, pass: 3 });
    const run = await store.getRun(outcome.runId);
    expect(run).toMatchObject({ product: 'shop', environment: 'dev', trigger: 'manual', status: 'SUCCESS', attempt: 1, counts: { success: 3, pass: 3 }, error: null });
    expect(run.startedAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(run.heartbeatAt! > run.startedAt!).toBe(true); // it beat while running

    const steps = await store.getSteps(outcome.runId);
    expect(steps).toHaveLength(6);
    const byId = new Map(steps.map((step) => [step.uniqueId, step]));
    expect(byId.get(SEED)).toMatchObject({ status: 'SUCCESS', resourceType: 'seed', rowsAffected: 3, relation: 'warehouse.main.raw_orders' });
    expect(byId.get(VIEW)).toMatchObject({ status: 'SUCCESS', relation: 'warehouse.main.stg_orders' });
    expect(byId.get(MODEL)).toMatchObject({ status: 'SUCCESS', rowsAffected: 1, relation: 'warehouse.main.customer_revenue', error: null });
    expect(steps.filter((step) => step.resourceType === 'test').map((step) => step.status)).toEqual(['PASS', 'PASS', 'PASS']);
    for (const step of steps) expect(step.startedAt! <= step.finishedAt!).toBe(true);

    const events = await store.getEvents(outcome.runId);
    const kinds = events.map((event) => event.kind);
    expect(kinds[0]).toBe('run.started');
    expect(kinds.at(-1)).toBe('run.finished');
    const modelEvents = await store.getEvents(outcome.runId, { step: MODEL });
    expect(modelEvents.map((event) => event.kind)).toEqual(expect.arrayContaining(['step.started', 'statement', 'step.finished']));
    const statement = modelEvents.find((event) => event.kind === 'statement');
    expect(statement?.level).toBe('debug');
    expect(String(statement?.data?.sql)).toMatch(/customer_revenue|sum\(amount\)/i);
  });

  it('a failing model ends the run FAILURE with its error recorded and its downstream tests SKIPPED', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const outcome = await executeRun(planFromDbtProject(dir), { store, observability: quietObservability(), env: BROKEN });

    expect(outcome.status).toBe('FAILURE');
    const run = await store.getRun(outcome.runId);
    expect(run.status).toBe('FAILURE');
    expect(run.error).toMatch(/failed/);
    const steps = new Map((await store.getSteps(outcome.runId)).map((step) => [step.uniqueId, step]));
    expect(steps.get(MODEL)?.status).toBe('ERROR');
    expect(steps.get(MODEL)?.error).toMatch(/no_such_column/);
    const modelTests = [...steps.values()].filter((step) => step.uniqueId.includes('customer_revenue_customer_id'));
    expect(modelTests.map((step) => step.status)).toEqual(['SKIPPED', 'SKIPPED']);
    expect(steps.get(VIEW)?.status).toBe('SUCCESS');
    const failedEvent = (await store.getEvents(outcome.runId, { step: MODEL })).find((event) => event.kind === 'step.finished');
    expect(failedEvent).toMatchObject({ level: 'error' });
  });

  it('retry-failed runs only the failed and skipped nodes, as a new run linked to the first', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const first = await executeRun(planFromDbtProject(dir), { store, observability: quietObservability(), env: BROKEN });
    expect(first.status).toBe('FAILURE');

    const plan = await retryPlan(store, first.runId.slice(0, 13));
    expect(plan).toMatchObject({ trigger: 'retry', parentRunId: first.runId, product: 'shop' });
    expect(plan.steps).toHaveLength(1);
    expect([...plan.steps[0].nodeIds!].sort()).toEqual([
      MODEL,
      expect.stringContaining('test.shop.not_null_customer_revenue_customer_id'),
      expect.stringContaining('test.shop.unique_customer_revenue_customer_id'),
    ]);

    const retry = await executeRun(plan, { store, observability: quietObservability(), env: {} });
    expect(retry.status).toBe('SUCCESS');
    const run = await store.getRun(retry.runId);
    expect(run).toMatchObject({ trigger: 'retry', parentRunId: first.runId, attempt: 2 });
    const ran = (await store.getSteps(retry.runId)).map((step) => step.uniqueId);
    expect(ran).toHaveLength(3);
    expect(ran).not.toContain(SEED);
    expect(ran).not.toContain(VIEW);

    await expect(retryPlan(store, retry.runId)).rejects.toMatchObject({ code: 'FLOE_RUN_NOTHING_TO_RETRY' });
  });

  it('an abort ends the run CANCELED, with the nodes that never ran SKIPPED', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const controller = new AbortController();
    const lineageFile = join(dir, 'lineage.jsonl');
    const outcome = await executeRun(planFromDbtProject(dir), {
      store,
      observability: quietObservability({ lineage: { transport: 'file', file: lineageFile, namespace: 'acme' } }),
      env: {},
      signal: controller.signal,
      listener: { onNodeFinish: (node) => node.uniqueId === SEED && controller.abort() },
    });
    expect(outcome.status).toBe('CANCELED');
    const run = await store.getRun(outcome.runId);
    expect(run.status).toBe('CANCELED');
    const steps = new Map((await store.getSteps(outcome.runId)).map((step) => [step.uniqueId, step.status]));
    expect(steps.get(SEED)).toBe('SUCCESS');
    expect(steps.get(MODEL)).toBe('SKIPPED');
    const lastLineage = JSON.parse(readFileSync(lineageFile, 'utf8').trimEnd().split('\n').at(-1)!) as { eventType: string; job: { name: string } };
    expect(lastLineage).toMatchObject({ eventType: 'ABORT', job: { name: 'shop' } });
  });

  it('a run canceled from elsewhere (another process marks it CANCELED) stops at its next heartbeat', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    let cancel: Promise<unknown> | undefined;
    const outcome = await executeRun(planFromDbtProject(dir), {
      store,
      observability: quietObservability(),
      env: {},
      heartbeatIntervalMs: 5,
      onRunCreated: (runId) => {
        // Another connection to the same store, as `floe` in another terminal (or the webserver) would have.
        cancel = openLocalStateStore(dir, { env: {} }).then(async ({ store: other }) => {
          await expect.poll(async () => (await other.getRun(runId)).status).toBe('STARTED');
          await other.updateRunStatus(runId, 'CANCELED');
          await other.close();
        });
      },
      listener: { onNodeStart: () => void 0 },
    });
    await cancel;
    expect(outcome.status).toBe('CANCELED');
    expect((await store.getRun(outcome.runId)).status).toBe('CANCELED');
  });

  it('a project that does not load ends the run FAILURE with the error recorded, then rethrows it', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    writeFileSync(join(dir, 'models', 'broken.sql'), "select * from {{ ref('no_such_model') }}\n");
    const plan = planFromDbtProject(dir);
    const error = await executeRun(plan, { store, observability: quietObservability(), env: {} }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(FloeErrors);
    const [run] = await store.listRuns({ limit: 1 });
    expect(run.status).toBe('FAILURE');
    expect(run.error).toContain('no_such_model');
    const failed = (await store.getEvents(run.id)).find((event) => event.kind === 'transform.failed');
    expect(failed).toMatchObject({ level: 'error', data: { code: 'FLOE_REF_NOT_FOUND', file: 'models/broken.sql', line: 1 } });
  });

  it('a later step does not run when an earlier one failed: its nodes are recorded SKIPPED', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const second = copyShop();
    cleanup.push(() => rmSync(second, { recursive: true, force: true }));
    writeFileSync(join(second, 'dbt_project.yml'), 'name: mart\nprofile: shop\n');
    const plan: RunPlan = { ...planFromDbtProject(dir), steps: [...planFromDbtProject(dir).steps, ...planFromDbtProject(second).steps] };
    const outcome = await executeRun(plan, { store, observability: quietObservability(), env: BROKEN });
    expect(outcome.status).toBe('FAILURE');
    expect(outcome.steps).toHaveLength(1);
    const later = (await store.getSteps(outcome.runId)).filter((step) => step.uniqueId.split('.')[1] === 'mart');
    expect(later.length).toBe(6);
    expect(new Set(later.map((step) => step.status))).toEqual(new Set(['SKIPPED']));
    expect((await store.getEvents(outcome.runId)).some((event) => event.kind === 'transform.skipped')).toBe(true);

    // Retrying covers both transforms: the failed nodes of the first, everything of the second.
    const retry = await retryPlan(store, outcome.runId);
    expect(retry.steps.map((step) => [step.name, step.nodeIds?.length])).toEqual([
      ['shop', 3],
      ['mart', 6],
    ]);
  });

  it('recognises a run whose process died as interrupted when the store is opened', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const run = await store.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    await store.updateRunStatus(run.id, 'STARTING');
    await store.updateRunStatus(run.id, 'STARTED', { pid: dead });
    await store.upsertStep(run.id, { uniqueId: MODEL, status: 'RUNNING' });

    const reopened = await openLocalStateStore(dir, { env: {} });
    cleanup.push(() => reopened.store.close());
    expect(reopened.interrupted.map((r) => r.id)).toEqual([run.id]);
    expect(await reopened.store.getRun(run.id)).toMatchObject({ status: 'FAILURE', error: 'interrupted' });
    expect((await reopened.store.getSteps(run.id))[0]).toMatchObject({ status: 'ERROR' });
  });
});
