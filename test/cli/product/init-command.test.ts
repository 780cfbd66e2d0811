import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerProductCommands } from '../../../src/cli/commands/product-commands.js';
import { registerRunCommand } from '../../../src/cli/commands/run-command.js';
import { queryDuckDb } from './read-duckdb.js';
import { runFloe } from './run-floe.js';

const floe = (args: string[]) => runFloe([registerProductCommands, registerRunCommand], args);

describe('floe init → validate → run', () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'floe-init-'));
    dir = join(root, 'shop-revenue');
    const init = await floe(['init', 'shop-revenue', '--dir', dir]);
    expect(init.code, init.err).toBe(0);
    expect(init.out).toContain('created data product shop-revenue');
  });

  it('writes a manifest, floe.yaml and a dbt project with bronze/silver/gold models, seeds and tests', () => {
    for (const file of ['manifest.yaml', 'floe.yaml', 'dbt_project.yml', 'seeds/raw_orders.csv', 'models/bronze/_bronze.yml', 'models/silver/silver_orders.sql', 'models/gold/gold_customer_revenue.sql', 'tests/assert_revenue_not_negative.sql']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    const manifest = readFileSync(join(dir, 'manifest.yaml'), 'utf8');
    expect(manifest).toContain('policy_enforcement_level: strict');
    expect(manifest).toContain('pattern: medallion');
    expect(readFileSync(join(dir, 'dbt_project.yml'), 'utf8')).toContain('name: shop_revenue');
  });

  it("points the editor's schema comments at the JSON Schema files shipped in the package", () => {
    for (const [file, schema] of [['manifest.yaml', 'manifest.schema.json'], ['floe.yaml', 'floe.schema.json']]) {
      const first = readFileSync(join(dir, file), 'utf8').split('\n')[0] ?? '';
      const match = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
      expect(match, file).not.toBeNull();
      const target = resolve(dir, match?.[1] ?? '');
      expect(target.endsWith(join('schemas', schema))).toBe(true);
      expect(existsSync(target)).toBe(true);
    }
  });

  it('validates in strict mode with no findings', async () => {
    const result = await floe(['validate', '--project-dir', dir]);
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.out).toContain('✓ shop-revenue is valid for dev (governance strict: 0 errors, 0 warnings)');
  });

  it('runs: compiles first, builds every node on DuckDB and records the run; a second run finds the artifacts up to date', async () => {
    const first = await floe(['run', '--project-dir', dir, '--env', 'dev']);
    expect(first.code, first.out + first.err).toBe(0);
    expect(first.out).toMatch(/compiled shop-revenue for dev \(not compiled yet\)/);
    const runId = /^Run ([0-9a-f-]{36}) of shop-revenue \(dev\)$/m.exec(first.out)?.[1];
    expect(runId).toBeDefined();
    expect(first.out).toContain(`Run ${runId} SUCCESS in `);
    expect(first.out).toContain(`see \`floe status --run-id ${runId}\``);
    expect(first.out).toMatch(/PASS=\d+ WARN=0 ERROR=0 SKIP=0/);
    expect(existsSync(join(dir, '.floe', 'artifacts.json'))).toBe(true);
    expect(existsSync(join(dir, '.floe', 'state.db'))).toBe(true);

    const rows = await queryDuckDb(join(dir, 'warehouse', 'shop_revenue.duckdb'), 'select customer_id, order_count, revenue from gold_customer_revenue order by customer_id');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({ customer_id: 1, order_count: 2, revenue: 155.5 });
    expect(rows[4]).toMatchObject({ customer_id: 5, order_count: 0 });

    const second = await floe(['run', '--project-dir', dir]);
    expect(second.code, second.out + second.err).toBe(0);
    expect(second.out).toContain('up to date');
    expect(second.out).not.toContain(runId);
  });

  it('refuses a folder that is not empty, and changes nothing in it', async () => {
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const result = await floe(['init', 'busy', '--dir', busy]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE_INIT_NOT_EMPTY');
    expect(result.err).toContain('never overwrites');
    expect(readdirSync(busy)).toEqual(['notes.txt']);
    expect(readdirSync(dirname(busy)).filter((name) => name.includes('floe-init'))).toEqual([]);
  });

  it('fills an empty folder', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const result = await floe(['init', 'empty-one', '--dir', empty]);
    expect(result.code, result.err).toBe(0);
    expect(existsSync(join(empty, 'floe.yaml'))).toBe(true);
  });

  it('rejects a name that is not Kubernetes-style and suggests one', async () => {
    const result = await floe(['init', 'My_Product', '--dir', join(root, 'bad-name')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE_INIT_NAME');
    expect(result.err).toContain("'My_Product' is not a valid product name");
    expect(result.err).toContain('floe init my-product');
    expect(existsSync(join(root, 'bad-name'))).toBe(false);
  });
});
