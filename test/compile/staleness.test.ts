import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStaleness, compileProduct, isStale, writeArtifacts } from '../../src/compile/index.js';
import { copyTinyProduct, edit } from './tiny-product.js';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function compiledProduct(): Promise<string> {
  const dir = copyTinyProduct();
  created.push(dir);
  const { artifacts } = await compileProduct({ productDir: dir });
  writeArtifacts(dir, artifacts!);
  return dir;
}

describe('isStale', () => {
  it('is stale before the first compile', () => {
    const dir = copyTinyProduct();
    created.push(dir);
    expect(checkStaleness(dir)).toEqual({ stale: true, reason: 'not compiled yet' });
  });

  it('is fresh right after compile, and when a file is changed and changed back', async () => {
    const dir = await compiledProduct();
    expect(checkStaleness(dir)).toEqual({ stale: false, reason: 'up to date' });
    edit(dir, 'shop/models/gold/gold_revenue.sql', 'group by', '\ngroup by');
    expect(isStale(dir)).toBe(true);
    edit(dir, 'shop/models/gold/gold_revenue.sql', '\ngroup by', 'group by');
    expect(isStale(dir)).toBe(false);
  });

  it('notices a changed model, manifest or floe.yaml, naming the file', async () => {
    const dir = await compiledProduct();
    edit(dir, 'shop/models/silver/silver.yml', 'Orders with hashed emails.', 'Orders, emails hashed.');
    expect(checkStaleness(dir)).toEqual({ stale: true, reason: 'inputs changed: shop/models/silver/silver.yml' });

    const other = await compiledProduct();
    edit(other, 'platform/manifest.yaml', 'owner: platform@example.com', 'owner: data-platform@example.com');
    expect(checkStaleness(other).reason).toBe('inputs changed: platform/manifest.yaml');
  });

  it('notices added and removed project files, but not run outputs', async () => {
    const dir = await compiledProduct();
    // Run outputs and the warehouse are not inputs.
    mkdirSync(join(dir, 'shop/target'), { recursive: true });
    writeFileSync(join(dir, 'shop/target/manifest.json'), '{}');
    writeFileSync(join(dir, 'shop/target/compiled.sql'), 'select 1');
    mkdirSync(join(dir, 'shop/logs'), { recursive: true });
    writeFileSync(join(dir, 'shop/logs/dbt.log'), 'ignored');
    writeFileSync(join(dir, 'shop/notes.txt'), 'not a project file type');
    expect(isStale(dir)).toBe(false);
    writeFileSync(join(dir, 'shop/models/gold/gold_extra.sql'), 'select 1 as id\n');
    expect(checkStaleness(dir).reason).toBe('inputs changed: shop/models/gold/gold_extra.sql');
    rmSync(join(dir, 'shop/models/gold/gold_extra.sql'));
    rmSync(join(dir, 'shop/tests/assert_revenue_positive.sql'));
    expect(checkStaleness(dir).reason).toBe('inputs changed: shop/tests/assert_revenue_positive.sql');
  });

  it('is stale once a policy override the outcome relied on has expired', async () => {
    const dir = copyTinyProduct();
    created.push(dir);
    // A well-tested, documented model whose only problem is its name, excused by an override.
    writeFileSync(join(dir, 'shop/models/silver/orders_extra.sql'), "select order_id from {{ ref('silver_orders') }}\n");
    writeFileSync(
      join(dir, 'shop/models/silver/extra.yml'),
      'version: 2\nmodels:\n  - name: orders_extra\n    description: Extra.\n    columns:\n      - name: order_id\n        description: Id.\n        data_tests: [not_null]\n',
    );
    edit(
      dir,
      'platform/manifest.yaml',
      '    require_column_descriptions: true\n',
      '    require_column_descriptions: true\n  policy_overrides:\n    - pattern: orders_*\n      action: exclude\n      reason: renamed in SHOP-7\n      expires: "2026-12-31"\n',
    );
    const result = await compileProduct({ productDir: dir, now: new Date('2026-06-01T00:00:00Z') });
    expect(result.errors).toEqual([]);
    expect(result.artifacts!.governance.valid_until).toBe('2026-12-31');
    writeArtifacts(dir, result.artifacts!);
    expect(isStale(dir, { now: new Date('2026-12-31T23:59:59Z') })).toBe(false);
    expect(checkStaleness(dir, { now: new Date('2027-01-01T00:00:00Z') })).toEqual({ stale: true, reason: 'a policy override expired on 2026-12-31' });
    const recompiled = await compileProduct({ productDir: dir, now: new Date('2027-01-01T00:00:00Z') });
    expect(recompiled.artifacts).toBeUndefined();
    expect(recompiled.findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(['FLOE-G001', 'FLOE-G014']));
  });

  it('is stale for another environment and when the stored file is damaged', async () => {
    const dir = await compiledProduct();
    expect(checkStaleness(dir, { env: 'prod' })).toEqual({ stale: true, reason: 'compiled for dev' });
    writeFileSync(join(dir, '.floe/artifacts.json'), '{"version": "1.0.0"}');
    expect(checkStaleness(dir)).toEqual({ stale: true, reason: 'stored artifacts unusable (FLOE_ARTIFACTS_INVALID)' });
  });
});
