/** Unhappy paths beyond the fixture corpus, each built in a temp dir. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadDataProduct,
  loadManifestFile,
  loadProductFile,
  localFileManifestResolver,
  resolveManifestChain,
  type ParentManifestResolver,
} from '../../src/config/index.js';
import type { FloeError } from '../../src/errors/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function project(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'floe-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const located = (errors: FloeError[]) => errors.map((error) => `${error.code} ${error.position?.line}:${error.position?.column}`);

const STANDALONE = `apiVersion: floe.dev/v1
kind: Manifest
metadata: { name: platform, version: 1.0.0 }
compute:
  approved: [{ name: duckdb, type: duckdb }, { name: pg, type: postgres, config: { host: h, database: d } }]
`;
const ENTERPRISE = `apiVersion: floe.dev/v1
kind: Manifest
metadata: { name: acme, version: 1.0.0 }
scope: enterprise
compute:
  approved: [{ name: duckdb, type: duckdb }]
approved_products: [orders, customers]
approved_plugins: { catalog: [polaris] }
governance:
  quality_gates: { require_descriptions: true }
`;
const domain = (body: string) => `apiVersion: floe.dev/v1
kind: Manifest
metadata: { name: sales, version: 1.0.0 }
scope: domain
parent: enterprise.yaml
${body}`;
const product = (body: string) => `apiVersion: floe.dev/v1
kind: DataProduct
metadata: { name: orders, version: 1.0.0 }
platform: { manifest: manifest.yaml }
${body}`;

describe('reading files', () => {
  it('reports a missing file, an empty file and a duplicate key, located', () => {
    const root = project({ 'empty.yaml': '# nothing\n', 'dup.yaml': 'apiVersion: floe.dev/v1\nkind: Manifest\nkind: Manifest\n' });
    expect(located(loadManifestFile(join(root, 'nope.yaml')).errors)).toEqual(['FLOE_CONFIG_NOT_FOUND undefined:undefined']);
    expect(located(loadManifestFile(join(root, 'empty.yaml')).errors)).toEqual(['FLOE_CONFIG_EMPTY 1:1']);
    expect(located(loadManifestFile(join(root, 'dup.yaml')).errors)).toEqual(['FLOE_YAML 3:1']);
  });

  it('says which kind of file it expected', () => {
    const root = project({ 'floe.yaml': product('transforms: [{ path: . }]\n') });
    const { errors } = loadManifestFile(join(root, 'floe.yaml'));
    expect(errors[0].code).toBe('FLOE_CONFIG_INVALID');
    expect(errors[0].message).toBe('`kind` must be Manifest');
    expect(errors[0].position).toMatchObject({ line: 2, column: 7 });
  });
});

describe('floe.yaml', () => {
  it('rejects hosts, endpoints, tokens and connection strings wherever they are', () => {
    const root = project({
      'floe.yaml': product(`transforms:
  - path: .
    endpoint: http://warehouse:8080
    dbt_token: abc
metadata_extra: { note: "jdbc:postgresql://db/x" }
`),
    });
    const { errors } = loadProductFile(join(root, 'floe.yaml'));
    expect(located(errors)).toEqual([
      'FLOE_PRODUCT_CREDENTIAL 7:5',
      'FLOE_PRODUCT_CREDENTIAL 8:5',
      'FLOE_CONFIG_UNKNOWN_KEY 9:1',
      'FLOE_PRODUCT_CREDENTIAL 9:25',
    ]);
    expect(errors[0].hint).toContain('connection_secret_ref');
  });

  it('accepts an OCI platform reference as a name, then says it has not been pulled (loading alone never reaches a registry)', () => {
    const root = project({ 'floe.yaml': product('transforms: [{ path: . }]\n').replace('manifest.yaml', 'oci://registry.example/platform:1.0.0') });
    const loaded = loadDataProduct(root);
    expect(located(loaded.errors)).toEqual(['FLOE_MANIFEST_OCI_NOT_PULLED 4:23']);
  });

  it('checks cron, time zone, platform version, domain, transform folders and names', () => {
    const root = project({
      'manifest.yaml': STANDALONE,
      'floe.yaml': product(`transforms:
  - path: models
  - path: missing
  - name: models
    path: models
schedule: { cron: "0 25 * * *", timezone: Mars/Olympus }
`).replace('{ manifest: manifest.yaml }', '{ manifest: manifest.yaml, version: 2.0.0 }'),
      'models/dbt_project.yml': 'name: x\n',
    });
    expect(located(loadDataProduct(root).errors)).toEqual(['FLOE_CONFIG_INVALID 10:19', 'FLOE_CONFIG_INVALID 10:43']);
    writeFileSync(join(root, 'floe.yaml'), product(`transforms:
  - path: models
  - path: missing
  - name: models
    path: models
`).replace('{ manifest: manifest.yaml }', '{ manifest: manifest.yaml, version: 2.0.0 }'));
    const loaded = loadDataProduct(root);
    expect(located(loaded.errors)).toEqual(['FLOE_PRODUCT_PLATFORM_VERSION 4:47', 'FLOE_PRODUCT_TRANSFORM_PATH 7:11', 'FLOE_CONFIG_DUPLICATE 8:11']);
    expect(loaded.product).toBeUndefined();
  });

  it('reports an invalid cron expression at the cron key', () => {
    const root = project({ 'floe.yaml': product('transforms: [{ path: . }]\nschedule: { cron: "0 25 * * *" }\n') });
    const { errors } = loadProductFile(join(root, 'floe.yaml'));
    expect(located(errors)).toEqual(['FLOE_CONFIG_INVALID 6:19']);
    expect(errors[0].message).toContain('cron');
  });

  it('reports a missing platform manifest at platform.manifest', () => {
    const root = project({ 'floe.yaml': product('transforms: [{ path: . }]\n') });
    expect(located(loadDataProduct(root).errors)).toEqual(['FLOE_PRODUCT_MANIFEST_NOT_FOUND 4:23']);
  });

  it('reports a product whose domain is not its domain manifest', () => {
    const root = project({
      'enterprise.yaml': ENTERPRISE,
      'manifest.yaml': domain(''),
      'floe.yaml': product('domain: marketing\ntransforms: [{ path: . }]\n'),
    });
    expect(located(loadDataProduct(root).errors)).toEqual(['FLOE_PRODUCT_DOMAIN_MISMATCH 5:9']);
    writeFileSync(join(root, 'floe.yaml'), product('transforms: [{ path: . }]\n'));
    const loaded = loadDataProduct(root);
    expect(loaded.errors).toEqual([]);
    expect(loaded.product?.domain).toBe('sales');
    expect(loaded.product?.transforms[0]).toMatchObject({ name: expect.stringMatching(/^floe-config-[a-z0-9-]+$/), compute: 'duckdb' });
  });
});

describe('manifest.yaml', () => {
  it('checks the default compute and environment overlays against the approved list', () => {
    const root = project({
      'manifest.yaml': `${STANDALONE}  default: duckbd
environments:
  dev:
    compute:
      pg: { config: { path: x.duckdb } }
      snowflake: { config: { threads: 2 } }
`,
    });
    const { errors } = loadManifestFile(join(root, 'manifest.yaml'));
    expect(located(errors)).toEqual(['FLOE_COMPUTE_NOT_APPROVED 6:12', 'FLOE_CONFIG_UNKNOWN_KEY 10:23', 'FLOE_COMPUTE_NOT_APPROVED 11:7']);
    expect(errors[0].hint).toContain("did you mean 'duckdb'?");
    expect(errors[1].message).toContain('not a postgres setting');
  });

  it('accepts keys that name a secret rather than hold one, and secret references', () => {
    const root = project({
      'manifest.yaml': `${STANDALONE}plugins:
  secrets:
    type: kubernetes
    config: { secret_name: floe-pg, password_file: /run/pg, token_ttl: 3600, existing_secret: floe, api_key: { secret_ref: { source: env, name: KEY } } }
`,
    });
    expect(loadManifestFile(join(root, 'manifest.yaml')).errors).toEqual([]);
  });

  it('rejects custom naming without patterns and broken regexes', () => {
    const root = project({ 'manifest.yaml': `${STANDALONE}governance:\n  naming: { pattern: custom, custom_patterns: ["^(stg_"] }\n` });
    const { errors } = loadManifestFile(join(root, 'manifest.yaml'));
    expect(located(errors)).toEqual(['FLOE_CONFIG_INVALID 7:48']);
    expect(errors[0].message).toContain('regular expression');
  });

  it('requires a reason and a date on a policy override', () => {
    const root = project({ 'manifest.yaml': `${STANDALONE}governance:\n  policy_overrides:\n    - { pattern: "x_*", action: exclude, reason: "", expires: next year }\n` });
    expect(located(loadManifestFile(join(root, 'manifest.yaml')).errors)).toEqual(['FLOE_CONFIG_INVALID 8:50', 'FLOE_CONFIG_INVALID 8:63']);
  });
});

describe('inheritance', () => {
  it('rejects widening approved products and plugins, and switching requirements off', () => {
    const root = project({
      'enterprise.yaml': ENTERPRISE,
      'domain.yaml': domain(`approved_products: [orders, billing]
approved_plugins: { catalog: [polaris, glue] }
governance:
  quality_gates: { require_descriptions: false }
`),
    });
    const { errors, effective } = resolveManifestChain(join(root, 'domain.yaml'));
    expect(effective).toBeUndefined();
    expect(located(errors)).toEqual(['FLOE_MANIFEST_LOOSENED 6:29', 'FLOE_MANIFEST_LOOSENED 7:40', 'FLOE_MANIFEST_LOOSENED 9:42']);
    for (const error of errors) {
      expect(error.message).toContain(join(root, 'enterprise.yaml'));
      expect(error.message).toContain(join(root, 'domain.yaml'));
    }
  });

  it('rejects a compute whose type differs from the parent', () => {
    const root = project({ 'enterprise.yaml': ENTERPRISE, 'domain.yaml': domain('compute:\n  approved: [{ name: duckdb, type: postgres, config: { host: h, database: d } }]\n') });
    expect(located(resolveManifestChain(join(root, 'domain.yaml')).errors)).toEqual(['FLOE_MANIFEST_LOOSENED 7:36']);
  });

  it('keeps parent and scope consistent', () => {
    const root = project({
      'enterprise.yaml': ENTERPRISE,
      'other.yaml': `${ENTERPRISE.replace('scope: enterprise', 'scope: enterprise\nparent: enterprise.yaml')}`,
      'standalone.yaml': STANDALONE,
      'domain.yaml': domain('').replace('enterprise.yaml', 'standalone.yaml'),
    });
    expect(located(resolveManifestChain(join(root, 'other.yaml')).errors)).toEqual(['FLOE_MANIFEST_SCOPE 5:9']);
    expect(located(resolveManifestChain(join(root, 'domain.yaml')).errors)).toEqual(['FLOE_MANIFEST_SCOPE 5:9']);
  });

  it('lets a child narrow, and takes the stricter level when both set one', () => {
    const root = project({
      'enterprise.yaml': ENTERPRISE,
      'domain.yaml': domain('approved_products: [orders]\ngovernance: { policy_enforcement_level: strict }\n'),
    });
    const { errors, effective } = resolveManifestChain(join(root, 'domain.yaml'));
    expect(errors).toEqual([]);
    expect(effective?.approved_products).toEqual(['orders']);
    expect(effective?.governance.policy_enforcement_level).toBe('strict');
    expect(effective?.approved_plugins?.catalog).toEqual(['polaris']);
  });

  it('takes parent resolvers from the caller, so OCI can be added later', () => {
    const root = project({ 'enterprise.yaml': ENTERPRISE, 'domain.yaml': domain('').replace('enterprise.yaml', 'oci://registry.example/acme:1.0.0') });
    const fakeRegistry: ParentManifestResolver = {
      handles: (reference) => reference.startsWith('oci://'),
      resolve: () => ({ path: join(root, 'enterprise.yaml') }),
    };
    const { errors, chain } = resolveManifestChain(join(root, 'domain.yaml'), { resolvers: [fakeRegistry, localFileManifestResolver] });
    expect(errors).toEqual([]);
    expect(chain.map((entry) => entry.name)).toEqual(['acme', 'sales']);
  });
});
