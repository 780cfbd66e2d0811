/**
 * The data mesh over a real OCI registry (Debian's docker-registry on
 * localhost): publish the enterprise and a domain manifest, scaffold a product
 * bound to the domain, and compile it — the chain pulled, cached by digest,
 * the digests recorded in the artifacts, a moved tag noticed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMeshCommands } from '../../src/cli/commands/mesh-commands.js';
import { registerProductCommands } from '../../src/cli/commands/product-commands.js';
import { compileIfStale } from '../../src/compile/index.js';
import { requireRegistry, startRegistry, type TestRegistry } from '../support/oci-registry.js';
import { runFloe } from '../cli/product/run-floe.js';

const available = requireRegistry('data-mesh.test.ts');
const root = mkdtempSync(join(tmpdir(), 'floe-mesh-'));
let registry: TestRegistry;
const floe = (args: string[], cwd = root) => runFloe([registerProductCommands, registerMeshCommands], args, { cwd });

const enterprise = (description: string) => `apiVersion: floe.dev/v1
kind: Manifest
metadata: {name: enterprise, version: 1.0.0, owner: platform@example.com, description: ${description}}
scope: enterprise
plugins:
  compute: {type: duckdb}
  orchestrator: {type: floe}
approved_plugins:
  compute: [duckdb]
compute:
  approved:
    - {name: duckdb, type: duckdb, config: {path: warehouse/mesh.duckdb}}
  default: duckdb
governance:
  policy_enforcement_level: strict
  naming: {pattern: medallion, enforcement: strict}
`;
const domain = (parent: string) => `apiVersion: floe.dev/v1
kind: Manifest
metadata: {name: sales, version: 1.0.0, owner: sales-platform@example.com}
scope: domain
parent: ${parent}
approved_products: [shop, orders]
`;

beforeAll(async () => {
  if (!available) return;
  registry = await startRegistry();
  process.env.FLOE_OCI_CACHE = join(root, 'oci-cache');
  writeFileSync(join(root, 'enterprise.yaml'), enterprise('the enterprise platform'));
  writeFileSync(join(root, 'sales.yaml'), domain(`oci://${registry.address}/floe/enterprise:v1.0.0`));
});
afterAll(async () => {
  delete process.env.FLOE_OCI_CACHE;
  await registry?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!available)('the data mesh over an OCI registry', () => {
  it('publishes the enterprise manifest, then the domain manifest that inherits from it', async () => {
    const published = await floe(['platform', 'publish', `oci://${registry.address}/floe/enterprise:v1.0.0`, '--manifest', 'enterprise.yaml']);
    expect(published.code, published.err).toBe(0);
    expect(published.out).toMatch(/published enterprise manifest enterprise 1\.0\.0\n {2}oci:\/\/.+\/floe\/enterprise:v1\.0\.0\n {2}digest sha256:[a-f0-9]{64}/);
    const sales = await floe(['platform', 'publish', `oci://${registry.address}/floe/sales:v1.0.0`, '--manifest', 'sales.yaml']);
    expect(sales.code, sales.err).toBe(0);
    expect(sales.out).toContain('published domain manifest sales 1.0.0');
  });

  it('refuses to publish a manifest whose parent is a local file, or an invalid one', async () => {
    writeFileSync(join(root, 'local-sales.yaml'), domain('enterprise.yaml'));
    const local = await floe(['platform', 'publish', `oci://${registry.address}/floe/sales:bad`, '--manifest', 'local-sales.yaml']);
    expect(local.code).toBe(1);
    expect(local.err).toContain('FLOE_PUBLISH_LOCAL_PARENT');
    writeFileSync(join(root, 'broken.yaml'), 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: Broken}\n');
    const broken = await floe(['platform', 'publish', `oci://${registry.address}/floe/broken:v1`, '--manifest', 'broken.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/broken\.yaml:3:\d+/);
  });

  it('scaffolds a product bound to the domain (floe product init --domain sales:v1.0.0), which validates and compiles', async () => {
    const init = await floe(['product', 'init', 'shop', '--domain', 'sales:v1.0.0', '--registry', `oci://${registry.address}/floe`]);
    expect(init.code, init.err).toBe(0);
    const dir = join(root, 'shop');
    expect(existsSync(join(dir, 'manifest.yaml'))).toBe(false);
    const product = readFileSync(join(dir, 'floe.yaml'), 'utf8');
    expect(product).toContain(`manifest: oci://${registry.address}/floe/sales:v1.0.0`);
    expect(product).toContain('domain: sales');

    const validate = await floe(['validate'], dir);
    expect(validate.code, validate.err + validate.out).toBe(0);
    const compile = await floe(['compile'], dir);
    expect(compile.code, compile.err + compile.out).toBe(0);
    const artifacts = JSON.parse(readFileSync(join(dir, '.floe', 'artifacts.json'), 'utf8')) as {
      inheritance: { path: string; name: string; scope: string; oci?: { reference: string; digest: string } }[];
      metadata: { input_hashes: Record<string, string> };
    };
    expect(artifacts.inheritance.map((entry) => [entry.name, entry.scope, entry.oci?.reference])).toEqual([
      ['enterprise', 'enterprise', `oci://${registry.address}/floe/enterprise:v1.0.0`],
      ['sales', 'domain', `oci://${registry.address}/floe/sales:v1.0.0`],
    ]);
    for (const entry of artifacts.inheritance) {
      expect(entry.oci?.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(entry.path).toBe(`${entry.oci?.reference}@${entry.oci?.digest}`);
      expect(artifacts.metadata.input_hashes[entry.path]).toMatch(/^[a-f0-9]{64}$/);
    }
  });

  it('notices when the enterprise tag moved: a warning at the parent reference, the new digest recorded, the artifacts stale', async () => {
    const dir = join(root, 'shop');
    const before = JSON.parse(readFileSync(join(dir, '.floe', 'artifacts.json'), 'utf8')) as { inheritance: { oci: { digest: string } }[] };
    expect((await compileIfStale({ productDir: dir })).compiled).toBe(false);

    writeFileSync(join(root, 'enterprise.yaml'), enterprise('the enterprise platform (revised)'));
    const republished = await floe(['platform', 'publish', `oci://${registry.address}/floe/enterprise:v1.0.0`, '--manifest', 'enterprise.yaml']);
    expect(republished.code, republished.err).toBe(0);

    const compile = await floe(['compile'], dir);
    expect(compile.code, compile.err).toBe(0);
    expect(compile.err).toContain('FLOE_MANIFEST_OCI_TAG_MOVED');
    expect(compile.err).toContain(`oci://${registry.address}/floe/enterprise:v1.0.0 moved: it was ${before.inheritance[0].oci.digest}`);
    const after = JSON.parse(readFileSync(join(dir, '.floe', 'artifacts.json'), 'utf8')) as { inheritance: { oci: { digest: string } }[] };
    expect(after.inheritance[0].oci.digest).not.toBe(before.inheritance[0].oci.digest);
    expect(after.inheritance[1].oci.digest).toBe(before.inheritance[1].oci.digest);
  });

  it('says which reference is missing, where it is written, and refuses a product the domain does not approve', async () => {
    const missing = await floe(['product', 'init', 'orders', '--domain', 'sales:v9.9.9', '--registry', `oci://${registry.address}/floe`]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`FLOE_OCI_NOT_FOUND: oci://${registry.address}/floe/sales:v9.9.9 does not exist in the registry`);
    const unapproved = await floe(['product', 'init', 'billing', '--domain', 'sales:v1.0.0', '--registry', `oci://${registry.address}/floe`]);
    expect(unapproved.err).toContain("FLOE_PRODUCT_NOT_APPROVED: the sales domain does not approve a product named 'billing'");
    const notADomain = await floe(['product', 'init', 'orders', '--domain', 'enterprise:v1.0.0', '--registry', `oci://${registry.address}/floe`]);
    expect(notADomain.err).toContain('FLOE_DOMAIN_MANIFEST');
    const noRegistry = await floe(['product', 'init', 'orders', '--domain', 'sales:v1.0.0']);
    expect(noRegistry.err).toContain('FLOE_REGISTRY_MISSING');

    writeFileSync(join(root, 'shop', 'floe.yaml'), readFileSync(join(root, 'shop', 'floe.yaml'), 'utf8').replace('sales:v1.0.0', 'sales:v2'));
    const compile = await floe(['compile'], join(root, 'shop'));
    expect(compile.code).toBe(1);
    expect(compile.err).toMatch(/floe\.yaml:\d+:\d+: error FLOE_OCI_NOT_FOUND/);
    expect(compile.err).not.toContain('FLOE_MANIFEST_OCI_NOT_PULLED');
  });
});
