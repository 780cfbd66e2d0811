import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloeError } from '../../src/errors/index.js';
import {
  effectiveSettings,
  ENVIRONMENTS,
  findSecretRefs,
  loadDataProduct,
  redactSecrets,
  resolveManifestChain,
  resolveSecretRef,
} from '../../src/config/index.js';

const canary = `canary-${Math.random().toString(36).slice(2)}-Zx9`;
const variable = 'FLOE_TEST_CANARY_PG_PASSWORD';
let dir: string;

const manifest = `apiVersion: floe.dev/v1
kind: Manifest
metadata: { name: canary-platform, version: 1.0.0 }
plugins:
  catalog:
    type: polaris
    config:
      credential: { secret_ref: { source: env, name: ${variable} } }
compute:
  approved:
    - name: duckdb
      type: duckdb
    - name: warehouse
      type: postgres
      config: { host: pg.internal, database: analytics }
      connection_secret_ref: { source: env, name: ${variable} }
observability:
  lineage:
    enabled: true
    transport: http
    endpoint: http://marquez:5000
    api_key_secret_ref: { source: kubernetes, name: lineage, key: api-key }
environments:
  dev:
    compute:
      warehouse: { config: { host: localhost } }
`;

function product(compute: string): string {
  return `apiVersion: floe.dev/v1
kind: DataProduct
metadata: { name: canary-product, version: 1.0.0 }
platform: { manifest: manifest.yaml }
transforms:
  - path: .
    compute: ${compute}
`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-secrets-'));
  writeFileSync(join(dir, 'manifest.yaml'), manifest);
  process.env[variable] = canary;
});

afterAll(() => {
  delete process.env[variable];
  rmSync(dir, { recursive: true, force: true });
});

describe('secret canary', () => {
  it('never appears in anything configuration loading returns, valid or not', () => {
    writeFileSync(join(dir, 'floe.yaml'), product('warehouse'));
    const loaded = loadDataProduct(dir);
    expect(loaded.errors).toEqual([]);
    const chain = resolveManifestChain(join(dir, 'manifest.yaml'));
    const settings = ENVIRONMENTS.map((environment) => effectiveSettings(loaded.manifest!, environment));
    const refs = findSecretRefs(loaded.manifest);
    writeFileSync(join(dir, 'floe.yaml'), product('not-approved'));
    const broken = loadDataProduct(dir);
    expect(broken.errors.map((error) => error.code)).toEqual(['FLOE_COMPUTE_NOT_APPROVED']);

    const everything = JSON.stringify({ loaded, chain, settings, refs, broken, errors: broken.errors.map((error) => [error.message, error.hint]) });
    expect(everything).not.toContain(canary);
    // ...while the reference really does point at the canary at run time.
    const reference = loaded.manifest!.compute.approved.find((target) => target.name === 'warehouse')!.connection_secret_ref!;
    expect(resolveSecretRef(reference)).toBe(canary);
  });

  it('finds every secret reference, wherever it sits', () => {
    const { effective } = resolveManifestChain(join(dir, 'manifest.yaml'));
    expect(findSecretRefs(effective).map(({ path, ref }) => ({ path: path.join('.'), ref }))).toEqual([
      { path: 'plugins.catalog.config.credential.secret_ref', ref: { source: 'env', name: variable } },
      { path: 'compute.approved.1.connection_secret_ref', ref: { source: 'env', name: variable } },
      { path: 'observability.lineage.api_key_secret_ref', ref: { source: 'kubernetes', name: 'lineage', key: 'api-key' } },
    ]);
  });

  it('redacts secret values from text for loggers', () => {
    const line = `connecting with password=${canary} (again: ${canary})`;
    expect(redactSecrets(line, [canary, ''])).toBe('connecting with password=*** (again: ***)');
    expect(redactSecrets('nothing here', [canary])).toBe('nothing here');
  });
});

describe('resolveSecretRef', () => {
  it('reads environment variables from the given environment', () => {
    expect(resolveSecretRef({ source: 'env', name: 'PG_PASSWORD' }, { env: { PG_PASSWORD: 'from-env' } })).toBe('from-env');
  });

  it('reads files and mounted Kubernetes Secrets without the trailing newline', () => {
    const secrets = mkdtempSync(join(tmpdir(), 'floe-k8s-secrets-'));
    mkdirSync(join(secrets, 'warehouse'));
    writeFileSync(join(secrets, 'warehouse', 'password'), 'from-k8s\n');
    writeFileSync(join(secrets, 'plain'), 'from-file\n');
    expect(resolveSecretRef({ source: 'kubernetes', name: 'warehouse', key: 'password' }, { secretsDir: secrets })).toBe('from-k8s');
    expect(resolveSecretRef({ source: 'file', name: join(secrets, 'plain') })).toBe('from-file');
    rmSync(secrets, { recursive: true, force: true });
  });

  it('fails with a FloeError that names the reference, never a value', () => {
    const failure = (run: () => unknown): FloeError => {
      try {
        run();
      } catch (error) {
        return error as FloeError;
      }
      throw new Error('expected a failure');
    };
    const missingEnv = failure(() => resolveSecretRef({ source: 'env', name: 'FLOE_NOT_SET_ANYWHERE' }, { env: {} }));
    expect(missingEnv).toBeInstanceOf(FloeError);
    expect(missingEnv.code).toBe('FLOE_SECRET_NOT_FOUND');
    expect(missingEnv.message).toContain('FLOE_NOT_SET_ANYWHERE');

    const missingFile = failure(() => resolveSecretRef({ source: 'kubernetes', name: 'nope', key: 'password' }, { secretsDir: dir }));
    expect(missingFile.code).toBe('FLOE_SECRET_NOT_FOUND');
    expect(missingFile.message).toContain(join(dir, 'nope', 'password'));

    expect(failure(() => resolveSecretRef({ source: 'kubernetes', name: 'warehouse' })).code).toBe('FLOE_SECRET_INVALID');
    const vault = failure(() => resolveSecretRef({ source: 'vault', name: 'kv/warehouse', key: 'password' }));
    expect(vault.code).toBe('FLOE_SECRET_UNSUPPORTED');
    expect(vault.message).toContain('not supported yet');
  });
});
