/** How runs are planned and where their signals go, from the inputs a launcher has. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProduct, type CompiledArtifacts } from '../../../src/compile/index.js';
import { observabilityFromArtifacts, observabilityFromEnv, planFromArtifacts, planFromDbtProject } from '../../../src/orchestrator/index.js';
import { copyTinyProduct, edit } from '../../compile/tiny-product.js';
import { SHOP_FIXTURE } from './run-fixture.js';

describe('planFromDbtProject', () => {
  it('plans one step named after the dbt project, with the CLI selection', () => {
    const plan = planFromDbtProject(SHOP_FIXTURE, { select: ['customer_revenue+'], threads: 2, fullRefresh: true, vars: { day: '2026-01-01' } });
    expect(plan).toMatchObject({ product: 'shop', environment: 'dev', trigger: 'manual', threads: 2, fullRefresh: true });
    expect(plan.steps).toEqual([expect.objectContaining({ name: 'shop', projectName: 'shop', projectDir: SHOP_FIXTURE, select: ['customer_revenue+'], vars: { day: '2026-01-01' } })]);
  });

  it('says what to do when the folder is not a dbt project', () => {
    const empty = mkdtempSync(join(tmpdir(), 'floe-not-a-project-'));
    expect(() => planFromDbtProject(empty)).toThrow(expect.objectContaining({ code: 'FLOE_RUN_NOT_A_PROJECT', hint: expect.stringContaining('--project-dir') }));
    rmSync(empty, { recursive: true });
  });
});

describe('planFromArtifacts and observabilityFromArtifacts', () => {
  let dir: string;
  let artifacts: CompiledArtifacts;
  beforeAll(async () => {
    dir = copyTinyProduct();
    edit(dir, 'floe.yaml', 'compute: duckdb', 'compute: warehouse-pg');
    edit(dir, 'platform/manifest.yaml', 'lineage: { enabled: true, transport: file, endpoint: logs/lineage.jsonl, namespace: tiny }', `lineage: { enabled: true, transport: http, endpoint: "http://marquez:5000", namespace: tiny, api_key_secret_ref: { source: env, name: LINEAGE_KEY } }`);
    const result = await compileProduct({ productDir: dir, env: 'dev', processEnv: {} });
    expect(result.errors).toEqual([]);
    artifacts = result.artifacts!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('one step per transform on its compiled compute, the secret resolved only now', async () => {
    const plan = await planFromArtifacts(artifacts, dir, 'dev', { env: { FLOE_TINY_PG_PASSWORD: 's3cret' } });
    expect(plan).toMatchObject({ product: 'tiny-shop', productVersion: '0.1.0', environment: 'dev', secrets: ['s3cret'], origin: { kind: 'artifacts', productDir: dir } });
    expect(plan.artifactsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.steps).toEqual([
      expect.objectContaining({ name: 'shop', projectDir: join(dir, 'shop'), projectName: 'shop', profileOverride: expect.objectContaining({ config: expect.objectContaining({ type: 'postgres', password: 's3cret' }) }) }),
    ]);
  });

  it('refuses an environment the artifacts were not compiled for, and a missing secret', async () => {
    await expect(planFromArtifacts(artifacts, dir, 'prod', { env: { FLOE_TINY_PG_PASSWORD: 'x' } })).rejects.toThrow(expect.objectContaining({ code: 'FLOE_RUN_ENVIRONMENT_MISMATCH', hint: 'compile for it first: floe compile --env prod' }));
    await expect(planFromArtifacts(artifacts, dir, 'dev', { env: {} })).rejects.toThrow(expect.objectContaining({ code: 'FLOE_SECRET_NOT_FOUND' }));
  });

  it('reads the compiled observability of the environment, resolving the lineage API key', async () => {
    const settings = await observabilityFromArtifacts(artifacts, { LINEAGE_KEY: 'k-123', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(settings.lineage).toEqual({ transport: 'http', endpoint: 'http://marquez:5000', namespace: 'tiny', apiKey: 'k-123' });
    // Tracing is disabled in the manifest: the environment's collector applies.
    expect(settings.tracing).toMatchObject({ exporter: 'otlp', endpoint: 'http://collector:4318', sampleRatio: 1 });
  });
});

describe('observabilityFromEnv', () => {
  it('nothing configured: no traces, lineage to the local file when the caller names one', () => {
    expect(observabilityFromEnv({})).toEqual({ tracing: { exporter: 'none', sampleRatio: 1, serviceName: 'floe' }, lineage: { transport: 'none', namespace: 'floe' } });
    expect(observabilityFromEnv({}, { defaultLineageFile: '/p/.floe/lineage.jsonl' }).lineage).toEqual({ transport: 'file', file: '/p/.floe/lineage.jsonl', namespace: 'floe' });
  });

  it('the OTEL_* and OPENLINEAGE_* variables win', () => {
    const settings = observabilityFromEnv(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318', OTEL_SERVICE_NAME: 'shop-job', OPENLINEAGE_URL: 'http://marquez:5000', OPENLINEAGE_NAMESPACE: 'sales' },
      { defaultLineageFile: '/p/.floe/lineage.jsonl' },
    );
    expect(settings).toEqual({
      tracing: { exporter: 'otlp', endpoint: 'http://otel:4318', sampleRatio: 1, serviceName: 'shop-job' },
      lineage: { transport: 'http', endpoint: 'http://marquez:5000', namespace: 'sales' },
    });
  });
});
