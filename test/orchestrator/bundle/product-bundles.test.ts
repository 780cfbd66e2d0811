/**
 * Product bundles: what goes in, that the same inputs give the same digest,
 * that unpacking gives back a product folder a run can start from — and every
 * bundle that must be refused, refused with its own error and nothing written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readArtifacts } from '../../../src/compile/index.js';
import { BUNDLE_ERROR_CODES, DEFAULT_BUNDLE_LIMITS, bundleDigestOf, bundleLimitsFromEnv, packageBundle, readBundle, unpackBundle } from '../../../src/orchestrator/bundle/index.js';
import { craftedTar, craftedTarball } from '../support/crafted-tarball.js';
import { compiledTinyProduct, type CompiledProduct } from '../support/tiny-products.js';

const products: CompiledProduct[] = [];
const removers: Array<() => void> = [];
afterEach(() => {
  for (const product of products.splice(0)) product.remove();
  for (const remove of removers.splice(0)) remove();
});

async function product(): Promise<CompiledProduct> {
  const compiled = await compiledTinyProduct();
  products.push(compiled);
  return compiled;
}

const ARTIFACTS_OK = async (): Promise<string> => readFileSync(join((await product()).dir, '.floe/artifacts.json'), 'utf8');

describe('packaging a product', () => {
  it('carries the artifacts and the files a run reads, and nothing a run does not', async () => {
    const { dir, artifacts } = await product();
    // What a product folder holds after some local work.
    mkdirSync(join(dir, 'shop/target/compiled'), { recursive: true });
    writeFileSync(join(dir, 'shop/target/manifest.json'), '{}');
    writeFileSync(join(dir, 'shop/target/compiled/x.sql'), 'select 1');
    mkdirSync(join(dir, 'shop/logs'), { recursive: true });
    writeFileSync(join(dir, 'shop/logs/dbt.log'), 'log');
    writeFileSync(join(dir, 'shop/profiles.yml'), 'shop:\n  outputs:\n    dev:\n      password: hunter2\n');
    writeFileSync(join(dir, 'shop/.env'), 'PASSWORD=hunter2');
    writeFileSync(join(dir, '.floe/state.db'), 'sqlite');
    mkdirSync(join(dir, 'warehouse'), { recursive: true });
    writeFileSync(join(dir, 'warehouse/tiny.duckdb'), 'duckdb');
    mkdirSync(join(dir, 'shop/macros'), { recursive: true });
    writeFileSync(join(dir, 'shop/macros/cents.sql'), '{% macro cents(x) %}{{ x }} * 100{% endmacro %}');
    writeFileSync(join(dir, 'shop/models/overview.md'), '{% docs overview %}Shop.{% enddocs %}');

    const bundle = await packageBundle(dir, artifacts);
    expect(bundle.files).toEqual([
      '.floe/artifacts.json',
      'floe.yaml',
      'shop/dbt_project.yml',
      'shop/macros/cents.sql',
      'shop/models/bronze/bronze.yml',
      'shop/models/bronze/bronze_orders.sql',
      'shop/models/gold/gold.yml',
      'shop/models/gold/gold_revenue.sql',
      'shop/models/overview.md',
      'shop/models/silver/silver.yml',
      'shop/models/silver/silver_orders.sql',
      'shop/seeds/raw_orders.csv',
      'shop/tests/assert_revenue_positive.sql',
    ]);
    expect(bundle.digest).toBe(bundleDigestOf(bundle.bytes));
    expect(bundle.bytes.includes(Buffer.from('hunter2'))).toBe(false);
    const checked = await readBundle(bundle.bytes, { expectedDigest: bundle.digest });
    expect(checked.artifacts).toEqual(artifacts);
  });

  it('gives the same bytes and digest for the same inputs, whenever and wherever it runs', async () => {
    const first = await product();
    const second = await product();
    // Different modification times and permissions change nothing.
    utimesSync(join(second.dir, 'shop/models/gold/gold_revenue.sql'), new Date('2001-01-01'), new Date('2001-01-01'));
    const a = await packageBundle(first.dir, first.artifacts);
    const b = await packageBundle(second.dir, second.artifacts);
    expect(b.digest).toBe(a.digest);
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);

    writeFileSync(join(second.dir, 'shop/models/gold/gold_revenue.sql'), `${readFileSync(join(second.dir, 'shop/models/gold/gold_revenue.sql'), 'utf8')}\n-- changed\n`);
    expect((await packageBundle(second.dir, second.artifacts)).digest).not.toBe(a.digest);
  });

  it('carries installed packages, a local one linked by floe deps included, and no other link', async () => {
    const { dir, artifacts } = await product();
    mkdirSync(join(dir, 'shop/dbt_packages/utils/macros'), { recursive: true });
    writeFileSync(join(dir, 'shop/dbt_packages/utils/dbt_project.yml'), 'name: utils\n');
    writeFileSync(join(dir, 'shop/dbt_packages/utils/macros/m.sql'), '{% macro m() %}1{% endmacro %}');
    mkdirSync(join(dir, 'helpers/macros'), { recursive: true });
    writeFileSync(join(dir, 'helpers/dbt_project.yml'), 'name: helpers\n');
    writeFileSync(join(dir, 'helpers/macros/h.sql'), '{% macro h() %}1{% endmacro %}');
    symlinkSync(join(dir, 'helpers'), join(dir, 'shop/dbt_packages/helpers'), 'dir');
    const bundle = await packageBundle(dir, artifacts);
    expect(bundle.files).toEqual(expect.arrayContaining(['shop/dbt_packages/utils/macros/m.sql', 'shop/dbt_packages/helpers/macros/h.sql', 'shop/dbt_packages/helpers/dbt_project.yml']));
    symlinkSync('/etc', join(dir, 'helpers/macros/etc'));
    await expect(packageBundle(dir, artifacts)).rejects.toMatchObject({ code: BUNDLE_ERROR_CODES.link });
  });

  it('refuses to package a symbolic link', async () => {
    const { dir, artifacts } = await product();
    symlinkSync('/etc/passwd', join(dir, 'shop/models/passwd.sql'));
    await expect(packageBundle(dir, artifacts)).rejects.toMatchObject({ code: BUNDLE_ERROR_CODES.link, message: expect.stringContaining('shop/models/passwd.sql') });
  });

  it('refuses a product over the size limits', async () => {
    const { dir, artifacts } = await product();
    writeFileSync(join(dir, 'shop/seeds/big.csv'), `id\n${'1\n'.repeat(50_000)}`);
    await expect(packageBundle(dir, artifacts, { ...DEFAULT_BUNDLE_LIMITS, maxUnpackedBytes: 50_000 })).rejects.toMatchObject({ code: BUNDLE_ERROR_CODES.tooLarge });
    await expect(packageBundle(dir, artifacts, { ...DEFAULT_BUNDLE_LIMITS, maxBytes: 1000 })).rejects.toMatchObject({ code: BUNDLE_ERROR_CODES.tooLarge });
  });
});

describe('unpacking a bundle', () => {
  it('gives back a product folder with the artifacts and project files, private to its owner', async () => {
    const { dir, artifacts } = await product();
    const bundle = await packageBundle(dir, artifacts);
    const unpacked = await unpackBundle(bundle.bytes, { expectedDigest: bundle.digest });
    removers.push(unpacked.remove);
    expect(readArtifacts(unpacked.dir)).toEqual(artifacts);
    expect(readFileSync(join(unpacked.dir, 'shop/models/gold/gold_revenue.sql'), 'utf8')).toBe(readFileSync(join(dir, 'shop/models/gold/gold_revenue.sql'), 'utf8'));
    const { statSync } = await import('node:fs');
    expect(statSync(unpacked.dir).mode & 0o777).toBe(0o700);
    unpacked.remove();
    expect(existsSync(unpacked.dir)).toBe(false);
  });
});

describe('refusing bad bundles', () => {
  async function refusal(bytes: Buffer, code: string, options: Parameters<typeof readBundle>[1] = {}): Promise<void> {
    await expect(readBundle(bytes, options)).rejects.toMatchObject({ code, message: expect.stringMatching(/nothing was stored/i) });
    // unpackBundle runs the same checks first and leaves no folder behind.
    const before = readdirSync((await import('node:os')).tmpdir()).filter((name) => name.startsWith('floe-bundle-')).length;
    await expect(unpackBundle(bytes, options)).rejects.toMatchObject({ code });
    expect(readdirSync((await import('node:os')).tmpdir()).filter((name) => name.startsWith('floe-bundle-')).length).toBe(before);
  }

  it('refuses bytes whose digest is not the one they were sent as', async () => {
    const { dir, artifacts } = await product();
    const bundle = await packageBundle(dir, artifacts);
    const other = `sha256:${'0'.repeat(64)}`;
    await refusal(bundle.bytes, BUNDLE_ERROR_CODES.digestMismatch, { expectedDigest: other });
  });

  it('refuses what is not a gzipped tarball', async () => {
    await refusal(Buffer.from('this is not a tarball at all'), BUNDLE_ERROR_CODES.notATarball);
    await refusal(gzipSync(Buffer.from('gzip, but of text, not a tar '.repeat(40))), BUNDLE_ERROR_CODES.notATarball);
    await refusal(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]), BUNDLE_ERROR_CODES.notATarball);
  });

  it('refuses paths that escape the root or are absolute', async () => {
    const artifacts = await ARTIFACTS_OK();
    for (const name of ['../escape.sql', 'shop/../../escape.sql', '/etc/cron.d/evil', 'shop/./x.sql', 'C:/windows/x.sql', 'shop\\..\\x.sql']) {
      const bytes = await craftedTarball([{ name: '.floe/artifacts.json', content: artifacts }, { name, content: 'select 1' }]);
      await refusal(bytes, BUNDLE_ERROR_CODES.unsafePath);
    }
  });

  it('refuses symbolic and hard links, and devices', async () => {
    const artifacts = await ARTIFACTS_OK();
    await refusal(await craftedTarball([{ name: '.floe/artifacts.json', content: artifacts }, { name: 'shop/passwd.sql', type: 'symlink', linkname: '/etc/passwd' }]), BUNDLE_ERROR_CODES.link);
    await refusal(await craftedTarball([{ name: '.floe/artifacts.json', content: artifacts }, { name: 'shop/again.json', type: 'link', linkname: '.floe/artifacts.json' }]), BUNDLE_ERROR_CODES.link);
    await refusal(await craftedTarball([{ name: '.floe/artifacts.json', content: artifacts }, { name: 'shop/pipe', type: 'fifo' }]), BUNDLE_ERROR_CODES.unsupportedEntry);
  });

  it('refuses a bundle over the size limits, compressed or unpacked (a zip bomb)', async () => {
    const artifacts = await ARTIFACTS_OK();
    const bomb = await craftedTarball([{ name: '.floe/artifacts.json', content: artifacts }, { name: 'shop/seeds/zeros.csv', content: Buffer.alloc(4 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    await refusal(bomb, BUNDLE_ERROR_CODES.tooLarge, { limits: { ...DEFAULT_BUNDLE_LIMITS, maxUnpackedBytes: 1024 * 1024 } });
    await refusal(bomb, BUNDLE_ERROR_CODES.tooLarge, { limits: { ...DEFAULT_BUNDLE_LIMITS, maxBytes: 1024 } });
    expect(bundleLimitsFromEnv({ FLOE_BUNDLE_MAX_BYTES: '1024' }).maxBytes).toBe(1024);
    expect(() => bundleLimitsFromEnv({ FLOE_BUNDLE_MAX_BYTES: 'lots' })).toThrow(/FLOE_BUNDLE_MAX_BYTES/);
  });

  it('refuses a bundle without valid compiled artifacts, or with an entry twice', async () => {
    const artifacts = await ARTIFACTS_OK();
    await refusal(await craftedTarball([{ name: 'shop/models/x.sql', content: 'select 1' }]), BUNDLE_ERROR_CODES.noArtifacts);
    await refusal(await craftedTarball([{ name: '.floe/artifacts.json', content: '{"version": "1.1.0"}' }]), BUNDLE_ERROR_CODES.invalidArtifacts);
    await refusal(await craftedTarball([{ name: '.floe/artifacts.json', content: 'not json' }]), BUNDLE_ERROR_CODES.invalidArtifacts);
    await refusal(
      await craftedTarball([{ name: '.floe/artifacts.json', content: artifacts }, { name: 'shop/x.sql', content: 'a' }, { name: 'shop/x.sql', content: 'b' }]),
      BUNDLE_ERROR_CODES.duplicateEntry,
    );
    await refusal(
      await craftedTarball([{ name: '.floe/artifacts.json', content: artifacts }, { name: 'shop', content: 'a file' }, { name: 'shop/x.sql', content: 'b' }]),
      BUNDLE_ERROR_CODES.duplicateEntry,
    );
    // An uncompressed tarball is not a bundle either.
    await refusal(await craftedTar([{ name: '.floe/artifacts.json', content: artifacts }]), BUNDLE_ERROR_CODES.notATarball);
  });
});
