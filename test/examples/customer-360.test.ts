/**
 * The customer-360 example as a user meets it: it validates under its strict
 * manifest and builds end to end — on embedded DuckDB (the default) and on a
 * real PostgreSQL chosen through the manifest's approved compute.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProductCommands } from '../../src/cli/commands/product-commands.js';
import { registerRunCommand } from '../../src/cli/commands/run-command.js';
import { queryDuckDb } from '../cli/product/read-duckdb.js';
import { runFloe } from '../cli/product/run-floe.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/customer-360');
const floe = (args: string[]) => runFloe([registerProductCommands, registerRunCommand], args);

/** A clean copy of the example (no warehouse, target or .floe from an earlier demo). */
function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-c360-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (path) => !/[/\\](warehouse|target|\.floe|logs)$/.test(path) });
  return dir;
}

function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: nothing to replace for ${String(from)}`);
  writeFileSync(join(dir, file), next);
}

describe('examples/customer-360 on DuckDB', () => {
  let dir: string;
  let warehouse: string;
  beforeAll(() => {
    dir = copyExample();
    warehouse = join(dir, 'warehouse', 'customer_360.duckdb');
  });

  it('validates under its strict manifest with no findings', async () => {
    const result = await floe(['validate', '--project-dir', dir]);
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.out).toContain('✓ sales.customer-360 is valid for dev (governance strict: 0 errors, 0 warnings)');
  });

  it('builds every layer: 500 customers, 1,000 transactions, 300 tickets', async () => {
    const result = await floe(['run', '--env', 'dev', '--project-dir', dir]);
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.out).toMatch(/Run [0-9a-f-]{36} SUCCESS/);
    expect(result.out).toMatch(/ERROR=0 SKIP=0/);

    const [counts] = await queryDuckDb(
      warehouse,
      `select (select count(*) from bronze_customers) as customers,
              (select count(*) from bronze_transactions) as transactions,
              (select count(*) from bronze_support_tickets) as tickets,
              (select count(*) from gold_customer_360) as gold_customers,
              (select sum(customers) from gold_segment_summary) as summarised`,
    );
    expect(counts).toEqual({ customers: 500, transactions: 1000, tickets: 300, gold_customers: 500, summarised: 500 });
    const health = await queryDuckDb(warehouse, 'select distinct health from gold_customer_360 order by health');
    expect(health.map((row) => row.health).every((value) => ['healthy', 'needs_attention', 'churn_risk', 'never_purchased'].includes(String(value)))).toBe(true);
  });

  it('runs again: artifacts up to date, the incremental model merges instead of duplicating', async () => {
    const [before] = await queryDuckDb(warehouse, 'select count(*) as n from silver_transactions');
    const result = await floe(['run', '--project-dir', dir]);
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.out).toContain('up to date');
    expect(result.out).toMatch(/OK created incremental model main\.silver_transactions/);
    const [after] = await queryDuckDb(warehouse, 'select count(*) as n, count(distinct transaction_id) as ids from silver_transactions');
    expect(after).toEqual({ n: before?.n, ids: before?.n });
    const [gold] = await queryDuckDb(warehouse, 'select count(*) as n from gold_customer_360');
    expect(gold?.n).toBe(500);
  });

  it("its classification rule stops personal data from reaching the output port", async () => {
    const broken = copyExample();
    edit(broken, 'models/gold/gold_customer_360.sql', '    customers.country_code,\n', '    customers.email,\n    customers.country_code,\n');
    edit(broken, 'models/gold/_gold.yml', '      - name: country_code\n', '      - name: email\n        description: Contact email.\n        meta: {classification: pii, masked: true}\n        data_tests: [not_null]\n      - name: country_code\n');
    const result = await floe(['validate', '--project-dir', broken]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/models\/gold\/_gold\.yml:\d+:\d+: error FLOE-G008 classification-output-port: pii column 'email' of model 'gold_customer_360' reaches output port 'customer-360'/);
    expect(existsSync(join(broken, '.floe'))).toBe(false);
  });
});

describe('examples/customer-360 on PostgreSQL (approved compute chosen in floe.yaml)', () => {
  let database: TestDatabase;
  let dir: string;
  const passwordVariable = 'FLOE_WAREHOUSE_PG_PASSWORD';

  beforeAll(async () => {
    database = await createTestDatabase('floe_c360');
    dir = copyExample();
    // The platform points its approved PostgreSQL at the test server; the data team only switches the name.
    edit(dir, 'manifest.yaml', /config: \{ host: 127\.0\.0\.1, port: 5432, database: analytics, user: floe \}/, `config: { host: ${database.host}, port: ${database.port}, database: ${database.name}, user: ${database.user}, threads: 4 }`);
    edit(dir, 'floe.yaml', 'compute: duckdb', 'compute: warehouse-pg');
    // The test cluster checks passwords: the secret reference must resolve at run time and reach the driver.
    process.env[passwordVariable] = database.password;
  });
  afterAll(async () => {
    delete process.env[passwordVariable];
    await database?.drop();
  });

  it('validates, compiles with the password as a reference only, and builds the gold tables in PostgreSQL', async () => {
    expect((await floe(['validate', '--project-dir', dir])).code).toBe(0);
    const compiled = await floe(['compile', '--project-dir', dir]);
    expect(compiled.code, compiled.out + compiled.err).toBe(0);
    expect(readFileSync(join(dir, '.floe', 'artifacts.json'), 'utf8')).not.toContain(database.password);

    const result = await floe(['run', '--project-dir', dir]);
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.out).toContain('on postgres');
    expect(existsSync(join(dir, 'warehouse'))).toBe(false);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ customers: string; summarised: string; transactions: string }>(
        `select (select count(*) from public.gold_customer_360) as customers,
                (select sum(customers) from public.gold_segment_summary) as summarised,
                (select count(*) from public.silver_transactions) as transactions`,
      );
      expect(Number(rows[0]?.customers)).toBe(500);
      expect(Number(rows[0]?.summarised)).toBe(500);
      expect(Number(rows[0]?.transactions)).toBeGreaterThan(900);
    } finally {
      await client.end();
    }
  });
});
