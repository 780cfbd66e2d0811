import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { artifactsPath, compileIfStale } from '../../src/compile/index.js';
import { copyTinyProduct, edit } from './tiny-product.js';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('compileIfStale', () => {
  it('compiles and writes the first time, reuses the stored artifacts while nothing changed, recompiles after a change', async () => {
    const dir = copyTinyProduct();
    created.push(dir);
    const first = await compileIfStale({ productDir: dir });
    expect(first).toMatchObject({ compiled: true, reason: 'not compiled yet', path: artifactsPath(dir) });
    const writtenAt = statSync(artifactsPath(dir)).mtimeMs;

    const second = await compileIfStale({ productDir: join(dir, 'floe.yaml') });
    expect(second).toMatchObject({ compiled: false, reason: 'up to date', errors: [] });
    expect(second.artifacts).toEqual(first.artifacts);
    expect(statSync(artifactsPath(dir)).mtimeMs).toBe(writtenAt);

    edit(dir, 'shop/models/gold/gold.yml', 'Sum of order amounts.', 'Total of order amounts.');
    const third = await compileIfStale({ productDir: dir });
    expect(third).toMatchObject({ compiled: true, reason: 'inputs changed: shop/models/gold/gold.yml' });
  });

  it('leaves the previous artifacts untouched when the recompile fails governance', async () => {
    const dir = copyTinyProduct();
    created.push(dir);
    await compileIfStale({ productDir: dir });
    const before = readFileSync(artifactsPath(dir));
    writeFileSync(join(dir, 'shop/models/gold/revenue_copy.sql'), "select * from {{ ref('gold_revenue') }}\n");
    const result = await compileIfStale({ productDir: dir });
    expect(result.compiled).toBe(true);
    expect(result.artifacts).toBeUndefined();
    expect(result.path).toBeUndefined();
    expect(result.errors.map((error) => error.code)).toContain('FLOE_GOVERNANCE_FAILED');
    expect(readFileSync(artifactsPath(dir)).equals(before)).toBe(true);
    expect(existsSync(join(dir, '.floe'))).toBe(true);
  });
});
