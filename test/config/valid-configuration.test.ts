import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveSettings, loadDataProduct, loadManifestFile, loadProductFile, resolveManifestChain } from '../../src/config/index.js';

const valid = join(import.meta.dirname, '../fixtures/config/valid');

describe('a valid enterprise → domain → product configuration', () => {
  it('loads each file on its own without errors or warnings', () => {
    for (const file of ['enterprise/manifest.yaml', 'domain/manifest.yaml']) {
      const result = loadManifestFile(join(valid, file));
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.value?.apiVersion).toBe('floe.dev/v1');
    }
    const product = loadProductFile(join(valid, 'product/floe.yaml'));
    expect(product.errors).toEqual([]);
    expect(product.value?.metadata.name).toBe('customer-360');
    expect(product.value?.schedule).toEqual({ cron: '0 6 * * *', timezone: 'Europe/Berlin', enabled: true, catch_up: 'latest' });
  });

  it('resolves the chain root first, with a content hash per file', () => {
    const chain = resolveManifestChain(join(valid, 'domain/manifest.yaml'));
    expect(chain.errors).toEqual([]);
    expect(chain.chain.map(({ name, version, scope }) => ({ name, version, scope }))).toEqual([
      { name: 'acme-platform', version: '2.1.0', scope: 'enterprise' },
      { name: 'sales-domain', version: '1.4.0', scope: 'domain' },
    ]);
    expect(chain.chain[0].path).toBe(join(valid, 'domain/../enterprise/manifest.yaml'));
    for (const entry of chain.chain) expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('merges the chain: the domain tightens, inherits what it does not set, and accumulates overrides', () => {
    const { effective } = resolveManifestChain(join(valid, 'domain/manifest.yaml'));
    expect(effective?.metadata.name).toBe('sales-domain');
    expect(effective?.scope).toBe('domain');
    const governance = effective!.governance;
    expect(governance.policy_enforcement_level).toBe('strict');
    expect(governance.quality_gates.minimum_test_coverage).toBe(75);
    // bronze and silver inherited from the enterprise, gold raised by the domain
    expect(governance.quality_gates.layer_thresholds).toEqual({ bronze: 40, silver: 70, gold: 100 });
    expect(governance.quality_gates.require_descriptions).toBe(true);
    expect(governance.classification.rules.map((rule) => rule.class)).toEqual(['pii']);
    expect(governance.policy_overrides.map((override) => override.pattern)).toEqual(['bronze_legacy_*']);
    expect(effective!.compute.approved.map((target) => target.name)).toEqual(['duckdb', 'warehouse-pg']);
    expect(effective!.compute.default).toBe('duckdb');
    expect(effective!.approved_products).toEqual(['customer-360', 'order-analytics']);
    expect(effective!.approved_plugins?.compute).toEqual(['duckdb', 'postgres']);
    // sections the domain does not mention come from the enterprise
    expect(effective!.observability.lineage.namespace).toBe('acme');
    expect(effective!.orchestrator.launcher).toBe('kubernetes');
    expect(effective!.plugins.catalog?.type).toBe('polaris');
    expect(effective!.services['orchestrator-webserver'].replicas).toBe(2);
    // the enterprise's staging overlay for scratch-pg goes away with the compute the domain did not keep
    expect(Object.keys(effective!.environments.staging?.compute ?? {})).toEqual(['warehouse-pg']);
  });

  it('locates keys of the effective manifest in the file that set them', () => {
    const chain = resolveManifestChain(join(valid, 'domain/manifest.yaml'));
    expect(chain.locate(['governance', 'policy_overrides', 0, 'expires'])).toEqual({ file: join(valid, 'domain/manifest.yaml'), line: 34, column: 16 });
    expect(chain.locate(['governance', 'classification', 'rules', 0])).toMatchObject({ file: join(valid, 'domain/../enterprise/manifest.yaml'), line: 60, column: 9 });
    expect(chain.locate(['governance', 'policy_enforcement_level'])).toMatchObject({ file: join(valid, 'domain/manifest.yaml'), line: 26, column: 29 });
  });

  it('loads the product with its platform: default compute filled in, domain checked', () => {
    const loaded = loadDataProduct(join(valid, 'product'));
    expect(loaded.errors).toEqual([]);
    expect(loaded.productPath).toBe(join(valid, 'product/floe.yaml'));
    expect(loaded.manifestPath).toBe(join(valid, 'product/../domain/manifest.yaml'));
    expect(loaded.chain.map((entry) => entry.name)).toEqual(['acme-platform', 'sales-domain']);
    expect(loaded.product?.transforms.map(({ name, compute }) => ({ name, compute }))).toEqual([
      { name: 'staging', compute: 'duckdb' },
      { name: 'marts', compute: 'warehouse-pg' },
    ]);
    expect(loaded.manifest?.governance.policy_enforcement_level).toBe('strict');
    expect(loaded.locateProduct(['transforms', 1, 'compute'])).toEqual({ file: join(valid, 'product/floe.yaml'), line: 23, column: 14 });
  });

  it('gives each environment its own observability, compute config and services', () => {
    const { effective } = resolveManifestChain(join(valid, 'enterprise/manifest.yaml'));
    const dev = effectiveSettings(effective!, 'dev');
    const staging = effectiveSettings(effective!, 'staging');
    const prod = effectiveSettings(effective!, 'prod');

    expect(dev.observability.tracing).toEqual({ enabled: true, exporter: 'console', endpoint: 'http://otel-collector:4318' });
    expect(dev.observability.logging).toEqual({ level: 'debug', format: 'text' });
    expect(staging.observability.tracing.endpoint).toBe('http://otel-collector.staging:4318');
    expect(prod.observability.tracing.endpoint).toBe('http://otel-collector:4318');
    expect([dev, staging, prod].map((settings) => settings.observability.sample_rate)).toEqual([1, 0.25, 0.1]);

    const pg = (settings: typeof dev) => settings.compute.approved.find((target) => target.name === 'warehouse-pg');
    expect(pg(dev)?.config).toMatchObject({ host: 'localhost', database: 'analytics_dev', port: 5432 });
    expect(pg(staging)?.config).toMatchObject({ host: 'pg.staging.acme.internal', database: 'analytics' });
    expect(pg(prod)?.config).toMatchObject({ host: 'pg.acme.internal', database: 'analytics' });
    expect(pg(dev)?.connection_secret_ref).toEqual({ source: 'env', name: 'FLOE_WAREHOUSE_PG_PASSWORD' });

    expect(dev.services['orchestrator-webserver']).toEqual({ enabled: true, replicas: 1, resources: 'small', ingress: { enabled: false, host: 'floe.acme.example' } });
    expect(prod.services['orchestrator-webserver'].replicas).toBe(3);
    expect(prod.services['orchestrator-webserver'].ingress).toEqual({ enabled: true, host: 'floe.acme.example' });
    expect(prod.resource_presets.large).toEqual({ requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '8', memory: '32Gi' } });
    expect(dev.resource_presets.large.requests?.cpu).toBe('2');
    // the base manifest is not changed by computing an environment
    expect(effective!.services['orchestrator-webserver'].replicas).toBe(2);
  });

  it('fills defaults for a minimal standalone manifest', () => {
    const result = loadManifestFile(join(import.meta.dirname, '../fixtures/config/broken/unknown-key/manifest.yaml'));
    expect(result.errors).toEqual([]);
    const manifest = result.value!;
    expect(manifest.governance.policy_enforcement_level).toBe('warn');
    expect(manifest.governance.quality_gates.layer_thresholds).toEqual({ bronze: 50, silver: 80, gold: 100 });
    expect(manifest.observability.sampling).toEqual({ dev: 1, staging: 0.5, prod: 0.1 });
    expect(manifest.orchestrator.launcher).toBe('in-process');
    expect(manifest.compute.approved[0]).toEqual({ name: 'duckdb', type: 'duckdb', resource_preset: 'medium', config: { path: 'warehouse/floe.duckdb', schema: 'main' } });
    expect(effectiveSettings(manifest, 'prod').observability.sample_rate).toBe(0.1);
  });
});
