import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { artifactsPath, compileProduct, readArtifacts, serializeArtifacts, writeArtifacts } from '../../src/compile/index.js';
import { copyTinyProduct, edit } from './tiny-product.js';

const created: string[] = [];
const product = () => {
  const dir = copyTinyProduct();
  created.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function artifactsValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/artifacts.schema.json'), 'utf8')));
}

describe('compileProduct on a tiny DuckDB product', () => {
  it('compiles a compliant product into artifacts that match the published JSON Schema', async () => {
    const result = await compileProduct({ productDir: product() });
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
    const artifacts = result.artifacts!;
    const validate = artifactsValidator();
    expect(validate(JSON.parse(serializeArtifacts(artifacts))), JSON.stringify(validate.errors)).toBe(true);

    expect(artifacts.version).toBe('1.1.0');
    expect(artifacts.identity).toEqual({ product_id: 'sales.tiny-shop', name: 'tiny-shop', domain: 'sales', owner: 'shop-team@example.com' });
    expect(artifacts.inheritance.map((entry) => [entry.path, entry.scope])).toEqual([['platform/manifest.yaml', 'standalone']]);
    expect(Object.keys(artifacts.metadata.input_hashes)).toEqual([
      'floe.yaml',
      'platform/manifest.yaml',
      'shop/dbt_project.yml',
      'shop/models/bronze/bronze.yml',
      'shop/models/bronze/bronze_orders.sql',
      'shop/models/gold/gold.yml',
      'shop/models/gold/gold_revenue.sql',
      'shop/models/silver/silver.yml',
      'shop/models/silver/silver_orders.sql',
      'shop/seeds/raw_orders.csv',
      'shop/tests/assert_revenue_positive.sql',
    ]);
    expect(artifacts.metadata.compiled_at).toBeUndefined();

    const [transform] = artifacts.transforms;
    expect(transform.compute).toEqual({
      name: 'duckdb',
      type: 'duckdb',
      threads: 1,
      // The job's resources: the default `medium` preset of the manifest.
      resources: { preset: 'medium', requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
      config: { path: 'warehouse/tiny.duckdb', schema: 'main' },
    });
    expect(transform.graph.nodes.map((node) => node.name)).toEqual(['raw_orders', 'bronze_orders', 'silver_orders', 'gold_revenue']);
    expect(transform.graph.counts).toEqual({ seed: 1, model: 3, test: 9 });
    const gold = transform.graph.nodes.find((node) => node.name === 'gold_revenue')!;
    expect(gold).toMatchObject({ tier: 'gold', materialized: 'table', depends_on: ['model.shop.silver_orders'] });
    expect(gold.tests).toContain('test.shop.assert_revenue_positive');

    expect(artifacts.output_ports).toEqual([
      {
        name: 'revenue',
        model: 'gold_revenue',
        transform: 'shop',
        node: 'model.shop.gold_revenue',
        description: 'Revenue per customer.',
        relation: { database: 'tiny', schema: 'main', identifier: 'gold_revenue' },
      },
    ]);
    expect(artifacts.schedule).toEqual({ cron: '0 6 * * *', timezone: 'UTC', enabled: true, catch_up: 'latest' });
    expect(artifacts.observability.staging.sample_rate).toBe(0.5);
    expect(artifacts.governance).toEqual({ level: 'strict', passed: true, findings: [] });
    expect(artifacts.secret_refs).toEqual([{ location: 'manifest:compute.approved[1].connection_secret_ref', ref: { source: 'env', name: 'FLOE_TINY_PG_PASSWORD' } }]);
  });

  it('gives byte-identical artifacts for the same inputs, even from another directory', async () => {
    const first = product();
    const second = product();
    const a = await compileProduct({ productDir: first });
    const b = await compileProduct({ productDir: first, now: new Date('2030-01-01T00:00:00Z') });
    const c = await compileProduct({ productDir: second });
    writeArtifacts(first, a.artifacts!);
    const written = readFileSync(artifactsPath(first));
    writeArtifacts(first, b.artifacts!);
    expect(readFileSync(artifactsPath(first)).equals(written)).toBe(true);
    expect(serializeArtifacts(c.artifacts!)).toBe(written.toString('utf8'));
  });

  it('records compiled_at only when asked', async () => {
    const now = new Date('2026-11-26T18:00:00Z');
    const result = await compileProduct({ productDir: product(), now, includeCompiledAt: true });
    expect(result.artifacts!.metadata.compiled_at).toBe('2026-11-26T18:00:00.000Z');
  });

  it('writes .floe/artifacts.json that readArtifacts accepts, from the file or the product directory', async () => {
    const dir = product();
    const { artifacts } = await compileProduct({ productDir: dir });
    const path = writeArtifacts(dir, artifacts!);
    expect(path).toBe(join(dir, '.floe', 'artifacts.json'));
    expect(readArtifacts(path)).toEqual(artifacts);
    expect(readArtifacts(dir)).toEqual(artifacts);
  });
});

describe('compileProduct with an inheritance chain', () => {
  it('records the chain root first, uses the stricter level, and locates inherited overrides in the file that set them', async () => {
    const dir = product();
    writeFileSync(
      join(dir, 'platform/enterprise.yaml'),
      [
        'apiVersion: floe.dev/v1',
        'kind: Manifest',
        'metadata: { name: acme, version: 2.0.0 }',
        'scope: enterprise',
        'plugins: { compute: { type: duckdb } }',
        'compute:',
        '  approved:',
        '    - { name: duckdb, type: duckdb, config: { path: warehouse/tiny.duckdb } }',
        'governance:',
        '  policy_enforcement_level: strict',
        '  naming: { pattern: medallion, enforcement: strict }',
        '  policy_overrides:',
        '    - { pattern: legacy_*, action: exclude, reason: old feeds, expires: "2026-01-01" }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'platform/manifest.yaml'),
      ['apiVersion: floe.dev/v1', 'kind: Manifest', 'metadata: { name: sales, version: 1.1.0 }', 'scope: domain', 'parent: enterprise.yaml', ''].join('\n'),
    );
    const result = await compileProduct({ productDir: dir, now: new Date('2026-06-15T00:00:00Z') });
    expect(result.artifacts).toBeUndefined();
    expect(result.governance?.level).toBe('strict');
    const expired = result.findings.find((finding) => finding.ruleId === 'FLOE-G014')!;
    expect(expired).toMatchObject({ file: 'platform/enterprise.yaml', line: 13 });

    const renewed = await compileProduct({ productDir: dir, now: new Date('2025-12-01T00:00:00Z') });
    expect(renewed.errors).toEqual([]);
    expect(renewed.artifacts!.inheritance.map((entry) => [entry.path, entry.name, entry.scope])).toEqual([
      ['platform/enterprise.yaml', 'acme', 'enterprise'],
      ['platform/manifest.yaml', 'sales', 'domain'],
    ]);
    expect(Object.keys(renewed.artifacts!.metadata.input_hashes)).toContain('platform/enterprise.yaml');
    // The unused override is reported for information only.
    expect(renewed.artifacts!.governance.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([['FLOE-G016', 'info']]);
  });
});

describe('compileProduct failures', () => {
  it('strict governance with an error finding returns the findings and errors, no artifacts, and writes nothing', async () => {
    const dir = product();
    writeFileSync(join(dir, 'shop/models/silver/orders_extra.sql'), "select * from {{ ref('silver_orders') }}\n");
    const result = await compileProduct({ productDir: dir });
    expect(result.artifacts).toBeUndefined();
    expect(result.errors.map((error) => error.code)).toEqual(['FLOE_GOVERNANCE_FAILED']);
    const naming = result.findings.find((finding) => finding.ruleId === 'FLOE-G001')!;
    expect(naming).toMatchObject({ severity: 'error', file: 'shop/models/silver/orders_extra.sql', node: 'model.shop.orders_extra' });
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(['FLOE-G003', 'FLOE-G004', 'FLOE-G005']));
    expect(existsSync(join(dir, '.floe'))).toBe(false);
  });

  it('under warn the same product compiles, with the findings as warnings in the artifacts', async () => {
    const dir = product();
    writeFileSync(join(dir, 'shop/models/silver/orders_extra.sql'), "select * from {{ ref('silver_orders') }}\n");
    edit(dir, 'platform/manifest.yaml', 'policy_enforcement_level: strict', 'policy_enforcement_level: warn');
    const result = await compileProduct({ productDir: dir });
    expect(result.errors).toEqual([]);
    expect(result.artifacts!.governance.level).toBe('warn');
    expect(result.artifacts!.governance.findings.length).toBeGreaterThan(0);
    expect(new Set(result.artifacts!.governance.findings.map((finding) => finding.severity))).toEqual(new Set(['warning']));
  });

  it('an expired override is a finding that fails a strict compile, located in the manifest', async () => {
    const dir = product();
    edit(
      dir,
      'platform/manifest.yaml',
      '    require_column_descriptions: true\n',
      '    require_column_descriptions: true\n  policy_overrides:\n    - pattern: gold_*\n      action: downgrade\n      reason: migration\n      expires: "2026-01-31"\n',
    );
    const result = await compileProduct({ productDir: dir, now: new Date('2026-02-01T00:00:00Z') });
    expect(result.artifacts).toBeUndefined();
    const expired = result.findings.find((finding) => finding.ruleId === 'FLOE-G014')!;
    expect(expired).toMatchObject({ severity: 'error', file: 'platform/manifest.yaml', line: 40 });
  });

  it('reports config errors at their floe.yaml position, relative to the product', async () => {
    const dir = product();
    edit(dir, 'floe.yaml', 'compute: duckdb', 'compute: duckbd');
    const result = await compileProduct({ productDir: dir });
    expect(result.artifacts).toBeUndefined();
    expect(result.errors[0]).toMatchObject({ code: 'FLOE_COMPUTE_NOT_APPROVED', position: { file: 'floe.yaml', line: 13 } });
  });

  it('reports SQL project errors with paths relative to the product', async () => {
    const dir = product();
    edit(dir, 'shop/models/gold/gold_revenue.sql', "ref('silver_orders')", "ref('silver_ordrs')");
    const result = await compileProduct({ productDir: dir });
    expect(result.artifacts).toBeUndefined();
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0].position?.file).toBe('shop/models/gold/gold_revenue.sql');
    expect(result.errors[0].message).toContain('silver_ordrs');
  });

  it('records what select picks, and fails on a selector that cannot be parsed, located in floe.yaml', async () => {
    const dir = product();
    edit(dir, 'floe.yaml', '    compute: duckdb\n', '    compute: duckdb\n    select: ["gold_revenue"]\n');
    const result = await compileProduct({ productDir: dir });
    expect(result.errors).toEqual([]);
    const selected = result.artifacts!.transforms[0].selected!;
    expect(selected[0]).toBe('model.shop.gold_revenue');
    expect(selected).toContain('test.shop.assert_revenue_positive');
    expect(selected).not.toContain('model.shop.silver_orders');

    edit(dir, 'floe.yaml', 'select: ["gold_revenue"]', 'select: ["colour:red"]');
    const broken = await compileProduct({ productDir: dir });
    expect(broken.artifacts).toBeUndefined();
    expect(broken.errors[0].position).toMatchObject({ file: 'floe.yaml', line: 14 });
    expect(broken.errors[0].message).toContain("transform 'shop'");
  });

  it('refuses an output port on an ephemeral model (it has no table to read)', async () => {
    const dir = product();
    edit(dir, 'shop/models/gold/gold_revenue.sql', 'select customer_id', "{{ config(materialized='ephemeral') }}\nselect customer_id");
    const result = await compileProduct({ productDir: dir });
    expect(result.artifacts).toBeUndefined();
    expect(result.errors.map((error) => error.code)).toContain('FLOE_OUTPUT_PORT_EPHEMERAL');
    expect(result.errors.find((error) => error.code === 'FLOE_OUTPUT_PORT_EPHEMERAL')!.position).toMatchObject({ file: 'floe.yaml', line: 18 });
  });

  it('reports an output port naming an unknown model, with a suggestion', async () => {
    const dir = product();
    edit(dir, 'floe.yaml', 'model: gold_revenue', 'model: gold_revenu');
    const result = await compileProduct({ productDir: dir });
    expect(result.artifacts).toBeUndefined();
    expect(result.errors[0]).toMatchObject({ code: 'FLOE_OUTPUT_PORT_MODEL', position: { file: 'floe.yaml', line: 18 } });
    expect(result.errors[0].hint).toContain("did you mean 'gold_revenue'?");
  });
});
