import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerProductCommands } from '../../../src/cli/commands/product-commands.js';
import { registerRunCommand } from '../../../src/cli/commands/run-command.js';
import { scaffoldProduct } from '../../../src/cli/scaffold/index.js';
import { queryDuckDb } from './read-duckdb.js';
import { runFloe } from './run-floe.js';

const floe = (args: string[], signal?: AbortSignal) => runFloe([registerProductCommands, registerRunCommand], args, { signal });

const GOOD_REVENUE = "select customer_id, sum(amount) as revenue from {{ ref('stg_orders') }} where status = 'paid' group by customer_id\n";
const BROKEN_REVENUE = "select customer_id, sum(no_such_column) as revenue from {{ ref('stg_orders') }} group by customer_id\n";

/** A plain dbt-format project (no floe.yaml), as a dbt user has it. */
function plainProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-plain-'));
  const files: Record<string, string> = {
    'dbt_project.yml': 'name: plain_shop\nprofile: plain_shop\nmodels:\n  plain_shop:\n    +materialized: table\n',
    'profiles.yml': 'plain_shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse/plain.duckdb\n',
    'seeds/raw_orders.csv': 'id,customer_id,status,amount\n1,10,paid,5.5\n2,10,paid,4.5\n3,11,refunded,7\n4,12,paid,1\n',
    'models/stg_orders.sql': "{{ config(materialized='view') }}\nselect id as order_id, customer_id, status, amount from {{ ref('raw_orders') }}\n",
    'models/revenue.sql': GOOD_REVENUE,
    'models/schema.yml': 'version: 2\nmodels:\n  - name: revenue\n    columns:\n      - name: customer_id\n        data_tests: [unique, not_null]\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const runIdIn = (out: string): string => {
  const id = /^Run ([0-9a-f-]{36}) of /m.exec(out)?.[1];
  if (!id) throw new Error(`no run id in:\n${out}`);
  return id;
};

describe('floe run on a plain dbt project (no floe.yaml)', () => {
  it('builds it as before, prints the run id at the start and the end, and records the run', async () => {
    const dir = plainProject();
    const result = await floe(['run', '--project-dir', dir, '--threads', '2']);
    expect(result.code, result.out + result.err).toBe(0);
    const id = runIdIn(result.out);
    expect(result.out).toContain(`Run ${id} of plain_shop (dev)`);
    expect(result.out).toContain('Running with 2 threads on duckdb: 1 seed, 2 models, 2 data tests');
    expect(result.out).toMatch(/OK created table model main\.revenue/);
    expect(result.out).toMatch(new RegExp(`Run ${id} SUCCESS in \\d+\\.\\ds — see \`floe status --run-id ${id}\``));
    expect(existsSync(join(dir, '.floe', 'state.db'))).toBe(true);
    expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(true);
    const rows = await queryDuckDb(join(dir, 'warehouse', 'plain.duckdb'), 'select customer_id, revenue from revenue order by customer_id');
    expect(rows).toEqual([
      { customer_id: 10, revenue: 10 },
      { customer_id: 12, revenue: 1 },
    ]);
  });

  it('honours --select, --exclude and --vars', async () => {
    const dir = plainProject();
    const seeded = await floe(['run', '--project-dir', dir, '--select', 'raw_orders']);
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toContain(': 1 seed\n');
    const excluded = await floe(['run', '--project-dir', dir, '--exclude', 'revenue', '--vars', '{unused: 1}']);
    expect(excluded.code, excluded.err).toBe(0);
    expect(excluded.out).toContain('1 seed, 1 model');
    expect(excluded.out).not.toContain('main.revenue');
  });

  it('a failing model fails the run (exit 1, downstream skipped); --retry-failed re-runs only the failed and skipped nodes as a new linked run', async () => {
    const dir = plainProject();
    writeFileSync(join(dir, 'models', 'revenue.sql'), BROKEN_REVENUE);
    const failed = await floe(['run', '--project-dir', dir]);
    expect(failed.code).toBe(1);
    const failedId = runIdIn(failed.out);
    expect(failed.out).toMatch(/ERROR creating table model main\.revenue/);
    expect(failed.out).toMatch(/SKIP not_null_revenue_customer_id/);
    expect(failed.out).toContain(`Run ${failedId} FAILURE in `);

    writeFileSync(join(dir, 'models', 'revenue.sql'), GOOD_REVENUE);
    const retried = await floe(['run', '--project-dir', dir, '--retry-failed', failedId]);
    expect(retried.code, retried.out + retried.err).toBe(0);
    const retryId = runIdIn(retried.out);
    expect(retryId).not.toBe(failedId);
    expect(retried.out).toContain(`retrying the failed and skipped nodes of ${failedId}`);
    // revenue and its two tests; not the seed or the view that succeeded before.
    expect(retried.out).toContain('TOTAL=3');
    expect(retried.out).not.toContain('raw_orders');
    expect(retried.out).toContain(`Run ${retryId} SUCCESS`);

    const again = await floe(['run', '--project-dir', dir, '--retry-failed', retryId]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('FLOE_RUN_NOTHING_TO_RETRY');
  });

  it('an interrupted run (Ctrl-C) ends CANCELED with a non-zero exit', async () => {
    const dir = plainProject();
    const abort = new AbortController();
    abort.abort();
    const result = await floe(['run', '--project-dir', dir], abort.signal);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/Run [0-9a-f-]{36} CANCELED/);
  });

  it('explains a folder that is neither a data product nor a dbt project', async () => {
    const result = await floe(['run', '--project-dir', mkdtempSync(join(tmpdir(), 'floe-nothing-'))]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE_RUN_NOT_A_PROJECT');
  });
});

describe('floe run on a data product', () => {
  it('does not run anything when compile fails', async () => {
    const { dir } = scaffoldProduct('broken', { dir: join(mkdtempSync(join(tmpdir(), 'floe-run-')), 'broken') });
    writeFileSync(join(dir, 'models', 'gold', 'customer_revenue.sql'), 'select 1 as id\n'); // not medallion-named
    const result = await floe(['run', '--project-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE-G001');
    expect(result.err).toContain('✗ compile failed: nothing was run');
    expect(result.out).not.toContain('Run ');
    expect(existsSync(join(dir, '.floe', 'artifacts.json'))).toBe(false);
    expect(existsSync(join(dir, '.floe', 'state.db'))).toBe(false);
    expect(existsSync(join(dir, 'warehouse'))).toBe(false);
  });

  it('recompiles for another environment and says why', async () => {
    const { dir } = scaffoldProduct('envs', { dir: join(mkdtempSync(join(tmpdir(), 'floe-run-')), 'envs') });
    expect((await floe(['compile', '--project-dir', dir])).code).toBe(0);
    const result = await floe(['run', '--project-dir', dir, '--env', 'staging', '--select', 'raw_orders']);
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.out).toContain('compiled envs for staging (compiled for dev)');
    expect(result.out).toContain('of envs (staging)');
  });
});
