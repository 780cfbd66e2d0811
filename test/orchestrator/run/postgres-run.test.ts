/**
 * A compiled floe product run on a real PostgreSQL — the compute and the
 * state store both — with the compute password coming from a secret
 * reference. The secret (a canary) must never reach the state store, the
 * lineage file, the spans or the logs.
 */
import { readFileSync, rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProduct, readArtifacts, writeArtifacts } from '../../../src/compile/index.js';
import { createLogger } from '../../../src/observability/index.js';
import {
  executeRun,
  migrateStateStore,
  observabilityFromArtifacts,
  openLocalStateStore,
  planFromArtifacts,
  retryPlan,
} from '../../../src/orchestrator/index.js';
import { copyTinyProduct, edit } from '../../compile/tiny-product.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

/** The test role's password: the cluster checks it, so it must travel the whole real path to the driver. */
let CANARY = '';

describe('a compiled product on PostgreSQL', () => {
  let warehouse: TestDatabase;
  let stateDb: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    warehouse = await createTestDatabase('floe_run_wh');
    stateDb = await createTestDatabase('floe_run_state');
    CANARY = warehouse.password;
    await migrateStateStore({ kind: 'postgres', url: stateDb.url });
    dir = copyTinyProduct();
    edit(dir, 'platform/manifest.yaml', 'host: 127.0.0.1, port: 5432, database: analytics, user: floe', `host: ${warehouse.host}, port: ${warehouse.port}, database: ${warehouse.name}, user: ${warehouse.user}`);
    edit(dir, 'floe.yaml', 'compute: duckdb', 'compute: warehouse-pg');
    const { artifacts, errors } = await compileProduct({ productDir: dir, env: 'dev', processEnv: {} });
    expect(errors).toEqual([]);
    writeArtifacts(dir, artifacts!);
  });
  afterAll(async () => {
    await warehouse?.drop();
    await stateDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records the run in PostgreSQL, builds the tables there, and never stores or prints the secret', async () => {
    // The cluster checks passwords: the run connects only if the secret reached the driver.
    const env = { FLOE_TINY_PG_PASSWORD: CANARY, FLOE_STATE_DATABASE_URL: stateDb.url };
    const artifacts = readArtifacts(dir);
    const plan = await planFromArtifacts(artifacts, dir, 'dev', { env });
    expect(plan.steps[0].profileOverride?.config.password).toBe(CANARY);
    const observability = await observabilityFromArtifacts(artifacts, env, { productDir: dir });
    expect(observability.lineage).toMatchObject({ transport: 'file', file: join(dir, 'logs/lineage.jsonl'), namespace: 'tiny' });
    const spans = new PassThrough();
    let spanText = '';
    spans.on('data', (chunk: Buffer) => (spanText += chunk.toString()));
    const logs = new PassThrough();
    let logText = '';
    logs.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    const logger = await createLogger({ destination: logs, level: 'debug' });

    const { store, config } = await openLocalStateStore(dir, { env });
    expect(config.kind).toBe('postgres');
    try {
      // The console span exporter writes every span (with its statements) where we can read it.
      const outcome = await executeRun(plan, { store, env, logger, observability: { ...observability, tracing: { ...observability.tracing, exporter: 'console', stream: spans } }, listener: {} });
      logger.info({ connection: plan.steps[0].profileOverride?.config }, 'connection used');
      logger.info(`password was ${CANARY}`);
      expect(outcome.status).toBe('SUCCESS');
      const run = await store.getRun(outcome.runId);
      expect(run).toMatchObject({ product: 'tiny-shop', productVersion: '0.1.0', environment: 'dev', status: 'SUCCESS' });
      expect(run.artifactsHash).toMatch(/^[0-9a-f]{64}$/);
      const steps = await store.getSteps(outcome.runId);
      expect(steps.find((step) => step.name === 'gold_revenue')).toMatchObject({ status: 'SUCCESS', relation: expect.stringContaining(`${warehouse.name}.`) });

      const client = new pg.Client({ connectionString: warehouse.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>("select count(*) as n from information_schema.tables where table_name = 'gold_revenue'");
        expect(Number(rows[0].n)).toBe(1);
      } finally {
        await client.end();
      }

      const lineage = readFileSync(join(dir, 'logs/lineage.jsonl'), 'utf8');
      expect(lineage).toContain(`postgres://${warehouse.host}:${warehouse.port}`);
      expect(JSON.parse(lineage.split('\n')[0])).toMatchObject({ eventType: 'START', job: { namespace: 'tiny', name: 'tiny-shop' } });
      const stateClient = new pg.Client({ connectionString: stateDb.url });
      await stateClient.connect();
      let stored = '';
      try {
        for (const table of ['runs', 'steps', 'events']) stored += JSON.stringify((await stateClient.query(`select * from ${table}`)).rows);
      } finally {
        await stateClient.end();
      }
      expect(stored).toContain(outcome.runId);
      expect(spanText).toContain('db.statement');
      expect(logText).toContain('run finished');
      for (const [where, text] of Object.entries({ stored, lineage, spanText, logText })) expect(text.includes(CANARY), `${where} contains the secret`).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('a retry of a compiled product resolves the secret again instead of storing it', async () => {
    const env = { FLOE_TINY_PG_PASSWORD: CANARY, FLOE_STATE_DATABASE_URL: stateDb.url };
    const { store } = await openLocalStateStore(dir, { env });
    try {
      const run = await store.createRun({ product: 'tiny-shop', environment: 'dev', trigger: 'manual', selection: { origin: { kind: 'artifacts', productDir: dir }, steps: [{ name: 'shop', projectDir: join(dir, 'shop'), projectName: 'shop', platformCompute: true }] } });
      await store.updateRunStatus(run.id, 'STARTING');
      await store.updateRunStatus(run.id, 'STARTED');
      await store.upsertStep(run.id, { uniqueId: 'model.shop.gold_revenue', status: 'ERROR', error: 'boom' });
      await store.updateRunStatus(run.id, 'FAILURE', { error: 'boom' });
      const plan = await retryPlan(store, run.id, { env });
      expect(plan.steps[0]).toMatchObject({ nodeIds: ['model.shop.gold_revenue'], profileOverride: { config: { type: 'postgres', password: CANARY } } });
      expect(plan.secrets).toEqual([CANARY]);
    } finally {
      await store.close();
    }
  });
});
