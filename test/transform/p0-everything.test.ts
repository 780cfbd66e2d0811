/**
 * The "every P0 feature" project (test/fixtures/dbt/p0-everything) built with
 * `runProject` on DuckDB and on PostgreSQL, the way a dbt user would: a first
 * run, a second run with the next batch of data and a changed schema, a run
 * with nothing new, `--full-refresh`, selections, and a run where a model
 * breaks. Expected tables and test outcomes are what dbt gives for the same
 * project.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/compute/index.js';
import type { ComputeAdapter, ComputeTargetConfig } from '../../src/compute/index.js';
import { buildGraph, loadProject, runProject, selectNodes } from '../../src/transform/index.js';
import type { ProjectRunOutcome, RunProjectOptions } from '../../src/transform/index.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/dbt/p0-everything');

type Row = Record<string, unknown>;

interface Engine {
  name: 'duckdb' | 'postgres';
  /** Environment for profiles.yml and the models' env_var() calls. */
  env: Record<string, string>;
  /** How the test reads the warehouse (the same place the profile points at). */
  config: ComputeTargetConfig;
  schema: string;
  close(): Promise<void>;
}

async function openEngine(name: Engine['name'], projectDir: string): Promise<Engine> {
  if (name === 'duckdb') {
    const path = join(projectDir, 'warehouse.duckdb');
    return { name, env: { P0_DUCKDB_PATH: path, P0_REGION: 'emea' }, config: { type: 'duckdb', path, schema: 'main' }, schema: 'main', close: async () => {} };
  }
  const database: TestDatabase = await createTestDatabase('floe_p0');
  return {
    name,
    env: { P0_PG_HOST: database.host, P0_PG_PORT: String(database.port), P0_PG_USER: database.user, P0_PG_PASSWORD: database.password, P0_PG_DBNAME: database.name, P0_REGION: 'emea' },
    config: { type: 'postgres', host: database.host, port: database.port, user: database.user, password: database.password, dbname: database.name, schema: 'analytics' },
    schema: 'analytics',
    close: () => database.drop(),
  };
}

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-p0-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Opens the warehouse only while `work` runs: DuckDB allows one writer per file, and the run has closed its own adapter by then. */
async function withWarehouse<T>(engine: Engine, work: (adapter: ComputeAdapter) => Promise<T>): Promise<T> {
  const adapter = await createAdapter(engine.config);
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

async function query(engine: Engine, sql: string): Promise<Row[]> {
  return withWarehouse(engine, (adapter) => adapter.withSession(async (session) => (await session.execute(sql)).rows));
}

async function columnsOf(engine: Engine, identifier: string): Promise<string[]> {
  return withWarehouse(engine, (adapter) =>
    adapter.withSession(async (session) => (await adapter.getColumns(session, { schema: engine.schema, identifier })).map((column) => column.name)),
  );
}

async function relationNames(engine: Engine): Promise<string[]> {
  return withWarehouse(engine, (adapter) =>
    adapter.withSession(async (session) => (await adapter.listRelations(session, undefined, engine.schema)).map((relation) => relation.identifier).sort()),
  );
}

/** Rows with bigints as numbers (the adapters already give plain numbers where they are safe). */
function plain(rows: Row[]): Row[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value])));
}

/** Node name → status, for every node that ran or was skipped. */
function statuses(outcome: ProjectRunOutcome): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const result of outcome.results) {
    const node = outcome.project.nodes.get(result.uniqueId);
    if (node) byName[node.name] = result.status;
  }
  return byName;
}

function resultOf(outcome: ProjectRunOutcome, name: string) {
  const result = outcome.results.find((candidate) => outcome.project.nodes.get(candidate.uniqueId)?.name === name);
  if (!result) throw new Error(`no result for ${name}; ran: ${Object.keys(statuses(outcome)).join(', ')}`);
  return result;
}

const RELATIONSHIPS_TEST = 'relationships_orders_merge_1749169c7d49d30c7ba3978d256595d3';

/** Every model/seed relation the project builds, as ordered rows: two runs with the same input must give the same snapshot. */
const BUILT_RELATIONS = [
  'raw_customers', 'raw_orders', 'raw_payments', 'country_names', 'stg_customers', 'stg_payments', 'customer_orders', 'order_summary', 'payments_pivot',
  'fragile', 'fragile_report', 'orders_append', 'orders_merge', 'orders_delete_insert', 'osc_ignore', 'osc_fail', 'osc_append_new_columns', 'osc_sync_all_columns',
];

async function snapshot(engine: Engine): Promise<Record<string, Row[]>> {
  const result: Record<string, Row[]> = {};
  for (const name of BUILT_RELATIONS) {
    const rows = plain(await query(engine, `select * from ${engine.schema}.${name}`));
    result[name] = rows.map((row) => JSON.stringify(row)).sort().map((text) => JSON.parse(text) as Row);
  }
  return result;
}

describe.each(['duckdb', 'postgres'] as const)('every P0 feature on %s', (engineName) => {
  let projectDir: string;
  let engine: Engine;
  const outcomes: Record<string, ProjectRunOutcome> = {};

  const run = (options: Partial<RunProjectOptions> = {}): Promise<ProjectRunOutcome> =>
    runProject({ projectDir, target: engineName, env: engine.env, ...options });

  beforeAll(async () => {
    projectDir = copyFixture();
    engine = await openEngine(engineName, projectDir);
  });
  afterAll(async () => {
    await engine?.close();
  });

  describe('first run', () => {
    const inFlight = new Set<string>();
    let mostAtOnce = 0;
    const started = new Map<string, number>();
    const finished = new Map<string, number>();
    let clock = 0;
    beforeAll(async () => {
      outcomes.first = await run({
        listener: {
          onNodeStart(node) {
            inFlight.add(node.uniqueId);
            mostAtOnce = Math.max(mostAtOnce, inFlight.size);
            started.set(node.uniqueId, ++clock);
          },
          onNodeFinish(node) {
            inFlight.delete(node.uniqueId);
            finished.set(node.uniqueId, ++clock);
          },
        },
      });
    });

    it('runs nodes in parallel, never more than the profile threads, each after everything it depends on', () => {
      expect(mostAtOnce).toBeGreaterThan(1);
      expect(mostAtOnce).toBeLessThanOrEqual(4);
      const project = outcomes.first.project;
      for (const [id, start] of started) {
        for (const parent of project.nodes.get(id)?.dependsOn.nodes ?? []) {
          const parentNode = project.nodes.get(parent);
          if (!parentNode || parentNode.config.materialized === 'ephemeral') continue;
          expect(finished.get(parent), `${parent} should finish before ${id} starts`).toBeLessThan(start);
        }
      }
    });

    it('gives every node the outcome dbt gives: models and seeds succeed, tests pass, warn or fail by their config', () => {
      const outcome = outcomes.first;
      expect(statuses(outcome)).toEqual({
        raw_customers: 'success',
        raw_orders: 'success',
        raw_payments: 'success',
        country_names: 'success',
        not_null_raw_orders_order_id: 'pass',
        stg_customers: 'success',
        unique_stg_customers_customer_id: 'pass',
        not_null_stg_customers_customer_id: 'pass',
        accepted_values_stg_customers_country__NL__DE__FR: 'pass',
        stg_payments: 'success',
        // severity warn + limit 2: three payments are below 1000, the limit keeps two
        at_least_stg_payments_amount_cents__1000: 'warn',
        customer_orders: 'success',
        unique_customer_orders_customer_id: 'pass',
        not_null_customer_orders_customer_id: 'pass',
        // `where: customer_id <> 4` leaves out the customer without orders
        not_null_customer_orders_first_order_id: 'pass',
        // one null: warn_if >0 matches, error_if >5 does not
        not_null_customer_orders_max_status: 'warn',
        order_summary: 'success',
        at_least_order_summary_total_cents__0: 'pass',
        payments_pivot: 'success',
        // a warning does not skip what is downstream of customer_orders
        fragile: 'success',
        not_null_fragile_customer_id: 'pass',
        fragile_report: 'success',
        orders_append: 'success',
        orders_merge: 'success',
        orders_delete_insert: 'success',
        accepted_values_orders_merge_status__placed__shipped: 'warn',
        [RELATIONSHIPS_TEST]: 'pass',
        assert_no_returned_orders: 'fail',
        assert_order_summary_counts_every_order: 'pass',
        osc_ignore: 'success',
        osc_fail: 'success',
        osc_append_new_columns: 'success',
        osc_sync_all_columns: 'success',
      });
      expect(resultOf(outcome, 'at_least_stg_payments_amount_cents__1000').failures).toBe(2);
      expect(resultOf(outcome, 'not_null_customer_orders_max_status').failures).toBe(1);
      expect(resultOf(outcome, 'assert_no_returned_orders').failures).toBe(1);
      // the failing singular test makes the run fail, as `dbt build` exits non-zero
      expect(outcome.success).toBe(false);
      expect(outcome.project.warnings.map((warning) => warning.message)).toEqual([]);
    });

    it('loads seeds with inferred types, column_types, a ; delimiter and quoted column names', async () => {
      expect(await columnsOf(engine, 'country_names')).toEqual(['Country Code', 'Country Name']);
      expect(await query(engine, `select "Country Name" as name from ${engine.schema}.country_names where "Country Code" = 'DE'`)).toEqual([{ name: 'Germany' }]);
      // postcode as text (column_types): leading zeros survive
      const customers = await query(engine, `select customer_id, name, country, postcode from ${engine.schema}.raw_customers order by customer_id`);
      expect(customers.map((row) => [Number(row.customer_id), row.name, row.country, row.postcode])).toEqual([
        [1, 'Ann', 'nl', '01234'],
        [2, 'Bob', 'de', '10115'],
        [3, 'Cid', 'nl', '02345'],
        [4, 'Dee', 'fr', '75001'],
      ]);
      const types = await withWarehouse(engine, (adapter) =>
        adapter.withSession((session) => adapter.getColumns(session, { schema: engine.schema, identifier: 'raw_customers' })),
      );
      const typeOf = (name: string) => types.find((column) => column.name === name)?.dataType.toLowerCase() ?? '';
      expect(typeOf('postcode')).toMatch(/char/);
      expect(typeOf('customer_id')).toMatch(/int/);
      expect(typeOf('signed_up_at')).toBe('date');
      expect(plain(await query(engine, `select method, count(*) as payments from ${engine.schema}.raw_payments group by method order by method`))).toEqual([
        { method: 'bank_transfer', payments: 1 },
        { method: 'card', payments: 4 },
        { method: 'voucher', payments: 2 },
      ]);
    });

    it('builds views and tables with macros, dispatch, vars, env_var, target and this', async () => {
      expect(plain(await query(engine, `select customer_id, country, postcode from ${engine.schema}.stg_customers order by customer_id`))).toEqual([
        { customer_id: 1, country: 'NL', postcode: '01234' },
        { customer_id: 2, country: 'DE', postcode: '10115' },
        { customer_id: 3, country: 'NL', postcode: '02345' },
        { customer_id: 4, country: 'FR', postcode: '75001' },
      ]);
      const customers = plain(
        await query(
          engine,
          `select customer_id, name, order_count, total_dollars, placed_count, shipped_count, returned_count, first_order_id, max_status
           from ${engine.schema}.customer_orders order by customer_id`,
        ),
      );
      expect(customers).toEqual([
        { customer_id: 1, name: 'Ann', order_count: 2, total_dollars: 35, placed_count: 2, shipped_count: 0, returned_count: 0, first_order_id: 1, max_status: 'placed' },
        { customer_id: 2, name: 'Bob', order_count: 2, total_dollars: 12, placed_count: 1, shipped_count: 0, returned_count: 1, first_order_id: 3, max_status: 'returned' },
        { customer_id: 3, name: 'Cid', order_count: 1, total_dollars: 12, placed_count: 0, shipped_count: 1, returned_count: 0, first_order_id: 4, max_status: 'shipped' },
        { customer_id: 4, name: 'Dee', order_count: 0, total_dollars: 0, placed_count: 0, shipped_count: 0, returned_count: 0, first_order_id: null, max_status: null },
      ]);
      const [context] = await query(engine, `select distinct target_name, engine, built_as, channel from ${engine.schema}.customer_orders`);
      expect(context).toEqual({
        target_name: engineName,
        // duckdb__engine_label on DuckDB; PostgreSQL has no postgres__ version, so default__
        engine: engineName === 'duckdb' ? 'duckdb' : 'postgres (default)',
        built_as: 'customer_orders',
        channel: 'web_shop',
      });
    });

    it('reads env_var() in models from the environment the run was given', async () => {
      const [row] = await query(engine, `select distinct region from ${engine.schema}.customer_orders`);
      expect(row.region).toBe('EMEA');
    });

    it('inlines the ephemeral model into both models that ref it; reads the warehouse with statement and run_query', async () => {
      expect(plain(await query(engine, `select status, order_count, total_cents from ${engine.schema}.order_summary order by status`))).toEqual([
        { status: 'placed', order_count: 3, total_cents: 4300 },
        { status: 'returned', order_count: 1, total_cents: 400 },
        { status: 'shipped', order_count: 1, total_cents: 1200 },
      ]);
      expect(plain(await query(engine, `select distinct latest_batch_in_seed from ${engine.schema}.order_summary`))).toEqual([{ latest_batch_in_seed: 2 }]);
      expect(await relationNames(engine)).not.toContain('stg_orders');
      expect(await columnsOf(engine, 'payments_pivot')).toEqual(['order_id', 'bank_transfer_cents', 'card_cents', 'voucher_cents']);
      expect(plain(await query(engine, `select * from ${engine.schema}.payments_pivot order by order_id`))).toEqual([
        { order_id: 1, bank_transfer_cents: 0, card_cents: 1000, voucher_cents: 0 },
        { order_id: 2, bank_transfer_cents: 0, card_cents: 1500, voucher_cents: 1000 },
        { order_id: 3, bank_transfer_cents: 400, card_cents: 0, voucher_cents: 0 },
        { order_id: 4, bank_transfer_cents: 0, card_cents: 1200, voucher_cents: 0 },
        { order_id: 5, bank_transfer_cents: 0, card_cents: 200, voucher_cents: 800 },
      ]);
    });

    it('writes manifest.json with nodes, docs, configs from every level and the parent map', () => {
      const manifest = JSON.parse(readFileSync(join(projectDir, 'target/manifest.json'), 'utf8'));
      expect(manifest.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/manifest/v12.json');
      const customerOrders = manifest.nodes['model.p0.customer_orders'];
      expect(customerOrders.resource_type).toBe('model');
      expect(customerOrders.config.materialized).toBe('table');
      expect(customerOrders.description).toContain('One row per customer');
      expect(customerOrders.columns.customer_id.description).toContain("customer's id in the shop system");
      expect(customerOrders.columns.customer_id.meta).toEqual({ primary_key: true });
      expect(customerOrders.config.meta).toMatchObject({ owner: 'analytics', tier: 'gold' });
      expect([...customerOrders.config.tags].sort()).toEqual(['customer', 'finance', 'marts', 'p0']);
      expect(customerOrders.fqn).toEqual(['p0', 'marts', 'customer_orders']);
      expect(manifest.nodes['model.p0.stg_orders'].config.materialized).toBe('ephemeral');
      expect(manifest.nodes['model.p0.osc_ignore'].config).toMatchObject({ materialized: 'incremental', on_schema_change: 'ignore', unique_key: 'order_id', incremental_strategy: 'merge' });
      expect(manifest.nodes['model.p0.osc_fail'].config.on_schema_change).toBe('fail');
      expect(manifest.nodes['seed.p0.raw_payments'].config.delimiter).toBe(';');
      expect(manifest.nodes['seed.p0.raw_customers'].config.column_types).toEqual({ postcode: 'varchar(10)' });
      const martTest = Object.values(manifest.nodes as Record<string, { name: string; config: { tags: string[]; severity: string } }>).find(
        (node) => node.name === 'unique_customer_orders_customer_id',
      );
      expect(martTest?.config.tags).toContain('mart_test');
      expect(String(martTest?.config.severity).toLowerCase()).toBe('error');
      expect(manifest.sources['source.p0.shop.raw_customers']).toMatchObject({ source_name: 'shop', name: 'raw_customers', schema: engine.schema });
      expect(manifest.docs['doc.p0.customer_orders']).toBeDefined();
      expect(manifest.macros['macro.p0.duckdb__cents_to_dollars']).toBeDefined();
      expect([...manifest.parent_map['model.p0.customer_orders']].sort()).toEqual(['model.p0.stg_customers', 'model.p0.stg_orders']);
      expect([...manifest.parent_map['model.p0.stg_customers']].sort()).toEqual(['seed.p0.raw_customers', 'source.p0.shop.raw_customers']);
      expect(manifest.parent_map['model.p0.stg_payments']).toEqual(['seed.p0.raw_payments']);
    });

    it('writes run_results.json with every outcome, and the compiled and executed SQL', () => {
      const runResults = JSON.parse(readFileSync(join(projectDir, 'target/run_results.json'), 'utf8'));
      expect(runResults.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/run-results/v6.json');
      expect(runResults.args.threads).toBe(4); // from profiles.yml
      const byId = Object.fromEntries((runResults.results as Array<{ unique_id: string; status: string }>).map((result) => [result.unique_id, result.status]));
      expect(byId['model.p0.customer_orders']).toBe('success');
      expect(byId['seed.p0.raw_payments']).toBe('success');
      expect(byId['test.p0.assert_no_returned_orders']).toBe('fail');
      expect(Object.entries(byId).find(([id]) => id.startsWith('test.p0.not_null_customer_orders_max_status.'))?.[1]).toBe('warn');
      // ephemeral models are inlined, never run
      expect(byId['model.p0.stg_orders']).toBeUndefined();

      const compiled = readFileSync(join(projectDir, 'target/compiled/p0/models/marts/order_summary.sql'), 'utf8');
      expect(compiled).toContain('__dbt__cte__stg_orders');
      expect(compiled).not.toContain('{{');
      const compiledCustomers = readFileSync(join(projectDir, 'target/compiled/p0/models/marts/customer_orders.sql'), 'utf8');
      expect(compiledCustomers).toContain('__dbt__cte__stg_orders');
      expect(compiledCustomers).toContain('-- statuses: placed, shipped, returned (3)');
      expect(existsSync(join(projectDir, 'target/run/p0/models/marts/order_summary.sql'))).toBe(true);
    });
  });

  describe('second run: the next batch and version 2 of the schema', () => {
    beforeAll(async () => {
      outcomes.second = await run({ vars: { batch: 2, schema_version: 2 } });
    });

    it('merge updates changed orders and inserts new ones; delete+insert on a two-column key does the same; append adds the new batch', async () => {
      const expected = [
        { order_id: 1, customer_id: 1, status: 'placed', amount_cents: 1000, batch: 1 },
        { order_id: 2, customer_id: 1, status: 'shipped', amount_cents: 2500, batch: 2 },
        { order_id: 3, customer_id: 2, status: 'returned', amount_cents: 450, batch: 2 },
        { order_id: 4, customer_id: 3, status: 'shipped', amount_cents: 1200, batch: 1 },
        { order_id: 5, customer_id: 2, status: 'placed', amount_cents: 800, batch: 1 },
        { order_id: 6, customer_id: 3, status: 'placed', amount_cents: 3000, batch: 2 },
        { order_id: 7, customer_id: 4, status: 'placed', amount_cents: 1500, batch: 2 },
      ];
      const columns = 'order_id, customer_id, status, amount_cents, batch';
      expect(plain(await query(engine, `select ${columns} from ${engine.schema}.orders_merge order by order_id`))).toEqual(expected);
      expect(plain(await query(engine, `select ${columns} from ${engine.schema}.orders_delete_insert order by order_id`))).toEqual(expected);
      const appended = plain(await query(engine, `select ${columns} from ${engine.schema}.orders_append order by order_id, batch`));
      expect(appended).toHaveLength(9);
      expect(appended.filter((row) => row.order_id === 2).map((row) => row.status)).toEqual(['placed', 'shipped']);
      expect(statuses(outcomes.second)).toMatchObject({ orders_append: 'success', orders_merge: 'success', orders_delete_insert: 'success' });
    });

    it('handles each on_schema_change mode as dbt does', async () => {
      const outcome = outcomes.second;
      // ignore: the new column is not added; rows still arrive
      expect(await columnsOf(engine, 'osc_ignore')).toEqual(['order_id', 'status', 'amount_cents']);
      expect(plain(await query(engine, `select count(*) as n from ${engine.schema}.osc_ignore`))).toEqual([{ n: 7 }]);
      // append_new_columns: batch is added, empty for the rows already there
      expect(await columnsOf(engine, 'osc_append_new_columns')).toEqual(['order_id', 'status', 'amount_cents', 'batch']);
      expect(plain(await query(engine, `select order_id, batch from ${engine.schema}.osc_append_new_columns where order_id in (5, 6) order by order_id`))).toEqual([
        { order_id: 5, batch: null },
        { order_id: 6, batch: 2 },
      ]);
      // sync_all_columns: amount_cents dropped, batch added
      expect(await columnsOf(engine, 'osc_sync_all_columns')).toEqual(['order_id', 'status', 'batch']);
      expect(plain(await query(engine, `select count(*) as n from ${engine.schema}.osc_sync_all_columns`))).toEqual([{ n: 7 }]);
      // fail: the model errors with a message naming the change, and the table is untouched
      const failed = resultOf(outcome, 'osc_fail');
      expect(failed.status).toBe('error');
      expect(failed.error?.code).toBe('FLOE_SCHEMA_CHANGE');
      expect(failed.error?.message).toContain('batch');
      expect(await columnsOf(engine, 'osc_fail')).toEqual(['order_id', 'status', 'amount_cents']);
      expect(plain(await query(engine, `select count(*) as n from ${engine.schema}.osc_fail`))).toEqual([{ n: 5 }]);
      expect(outcome.success).toBe(false);
    });

    it('rebuilds views and tables from the new data, and tests see it', async () => {
      expect(plain(await query(engine, `select customer_id, order_count, total_dollars, first_order_id, max_status from ${engine.schema}.customer_orders order by customer_id`))).toEqual([
        { customer_id: 1, order_count: 2, total_dollars: 35, first_order_id: 1, max_status: 'shipped' },
        { customer_id: 2, order_count: 2, total_dollars: 12.5, first_order_id: 3, max_status: 'returned' },
        { customer_id: 3, order_count: 2, total_dollars: 42, first_order_id: 4, max_status: 'shipped' },
        { customer_id: 4, order_count: 1, total_dollars: 15, first_order_id: 7, max_status: 'placed' },
      ]);
      expect(plain(await query(engine, `select status, order_count, total_cents from ${engine.schema}.order_summary order by status`))).toEqual([
        { status: 'placed', order_count: 4, total_cents: 6300 },
        { status: 'returned', order_count: 1, total_cents: 450 },
        { status: 'shipped', order_count: 2, total_cents: 3700 },
      ]);
      expect(statuses(outcomes.second)).toMatchObject({
        not_null_customer_orders_max_status: 'pass',
        accepted_values_orders_merge_status__placed__shipped: 'warn',
        assert_no_returned_orders: 'fail',
        assert_order_summary_counts_every_order: 'pass',
        fragile_report: 'success',
      });
    });
  });

  describe('third run: nothing new', () => {
    it('changes nothing: views and tables give the same rows, incremental models add nothing', async () => {
      const before = await snapshot(engine);
      outcomes.third = await run({ vars: { batch: 2, schema_version: 2 } });
      const after = await snapshot(engine);
      expect(after).toEqual(before);
      const failedModels = outcomes.third.results.filter((result) => result.status === 'error').map((result) => outcomes.third.project.nodes.get(result.uniqueId)?.name);
      expect(failedModels).toEqual(['osc_fail']);
    });
  });

  describe('--full-refresh', () => {
    beforeAll(async () => {
      outcomes.fullRefresh = await run({ vars: { batch: 2, schema_version: 2 }, fullRefresh: true });
    });

    it('rebuilds incremental models from scratch: append loses its history, schema changes apply to every row', async () => {
      expect(statuses(outcomes.fullRefresh)).toMatchObject({ osc_fail: 'success', orders_append: 'success' });
      expect(plain(await query(engine, `select count(*) as n from ${engine.schema}.orders_append`))).toEqual([{ n: 7 }]);
      expect(await columnsOf(engine, 'osc_fail')).toEqual(['order_id', 'status', 'amount_cents', 'batch']);
      expect(plain(await query(engine, `select count(*) as n from ${engine.schema}.osc_append_new_columns where batch is null`))).toEqual([{ n: 0 }]);
      expect(plain(await query(engine, `select count(*) as n from ${engine.schema}.osc_sync_all_columns where batch is null`))).toEqual([{ n: 0 }]);
      const runResults = JSON.parse(readFileSync(join(projectDir, 'target/run_results.json'), 'utf8'));
      expect(runResults.args.full_refresh).toBe(true);
    });
  });

  describe('selection', () => {
    let select: (options: { select?: string[]; exclude?: string[] }) => Promise<{ models: string[]; tests: string[] }>;
    beforeAll(() => {
      select = async (options) => {
        const project = await loadProject({ projectDir, target: engineName, env: engine.env });
        const ids = selectNodes(project, buildGraph(project), options);
        const names = (tests: boolean) =>
          ids.filter((id) => (project.nodes.get(id)?.resourceType === 'test') === tests).map((id) => project.nodes.get(id)?.name ?? id).sort();
        // `models` holds models and seeds, `tests` the tests that came along
        return { models: names(false), tests: names(true) };
      };
    });

    it('+model selects the model and everything upstream, with the tests of the selected nodes', async () => {
      const { models, tests } = await select({ select: ['+customer_orders'] });
      expect(models).toEqual(['customer_orders', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders']);
      expect(tests).toContain('unique_customer_orders_customer_id');
      expect(tests).toContain('accepted_values_stg_customers_country__NL__DE__FR');
      expect(tests).not.toContain('not_null_fragile_customer_id');
    });

    it('model+, n+model and @model', async () => {
      expect((await select({ select: ['customer_orders+'] })).models).toEqual(['customer_orders', 'fragile', 'fragile_report']);
      expect((await select({ select: ['1+fragile'] })).models).toEqual(['customer_orders', 'fragile']);
      expect((await select({ select: ['@fragile'] })).models).toEqual(['customer_orders', 'fragile', 'fragile_report', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders']);
    });

    it('tag:, config.materialized:, resource_type:, path:, intersections and exclude', async () => {
      const incremental = ['orders_append', 'orders_delete_insert', 'orders_merge', 'osc_append_new_columns', 'osc_fail', 'osc_ignore', 'osc_sync_all_columns'];
      expect((await select({ select: ['tag:incremental'] })).models).toEqual(incremental);
      expect((await select({ select: ['config.materialized:incremental'] })).models).toEqual(incremental);
      expect((await select({ select: ['tag:marts,config.materialized:table'] })).models).toEqual(['customer_orders', 'fragile', 'order_summary', 'payments_pivot']);
      expect((await select({ select: ['path:models/marts'], exclude: ['tag:incremental'] })).models).toEqual([
        'customer_orders', 'fragile', 'fragile_report', 'order_summary', 'payments_pivot',
      ]);
      expect((await select({ select: ['resource_type:seed'] })).models).toEqual(['country_names', 'raw_customers', 'raw_orders', 'raw_payments']);
      expect((await select({ select: ['tag:staging', 'tag:fragile'] })).models).toEqual(['fragile', 'stg_customers', 'stg_orders', 'stg_payments']);
    });

    it('a run with a selection runs only the selected nodes', async () => {
      const outcome = await run({ select: ['stg_payments'], vars: { batch: 2, schema_version: 2 } });
      expect(statuses(outcome)).toEqual({ stg_payments: 'success', at_least_stg_payments_amount_cents__1000: 'warn' });
      expect(outcome.success).toBe(true);
    });
  });

  describe('a model that fails', () => {
    beforeAll(async () => {
      outcomes.broken = await run({ select: ['fragile+'], vars: { batch: 2, schema_version: 2, break_fragile: true } });
    });

    it('reports the SQL error, skips everything downstream, and fails the run', () => {
      const outcome = outcomes.broken;
      expect(statuses(outcome)).toEqual({ fragile: 'error', not_null_fragile_customer_id: 'skipped', fragile_report: 'skipped' });
      const error = resultOf(outcome, 'fragile').error;
      expect(error?.code).toBe('FLOE_SQL');
      expect(error?.message).toContain('fragile');
      expect(error?.message.toLowerCase()).toContain('no_such_table');
      expect(outcome.success).toBe(false);
    });

    it('leaves the previous table readable and no temporary relations behind', async () => {
      expect(plain(await query(engine, `select count(*) as n from ${engine.schema}.fragile`))).toEqual([{ n: 4 }]);
      expect(plain(await query(engine, `select customers from ${engine.schema}.fragile_report`))).toEqual([{ customers: 4 }]);
      const leftovers = (await relationNames(engine)).filter((name) => name.includes('__dbt_tmp') || name.includes('__dbt_backup'));
      expect(leftovers).toEqual([]);
    });
  });

  // dbt reloads an existing seed with truncate + insert, so views that read it survive `dbt seed`
  // (a swap would drop them on PostgreSQL: the old table goes with CASCADE).
  it('re-running seeds alone keeps the views that read them', async () => {
    const outcome = await run({ resourceTypes: ['seed'] });
    expect(outcome.success).toBe(true);
    const names = await relationNames(engine);
    expect(names).toContain('stg_customers');
    expect(names).toContain('stg_payments');
  });
});

describe('other forms dbt projects use (DuckDB)', () => {
  it('the older tests: tree, custom schema and alias, enabled: false, and Jinja that dbt packages lean on', async () => {
    const projectDir = mkdtempSync(join(tmpdir(), 'floe-p0-forms-'));
    const files: Record<string, string> = {
      'dbt_project.yml': `name: forms
profile: forms
models:
  forms:
    custom:
      +schema: reporting
    old:
      +enabled: false
tests:
  forms:
    +severity: warn
`,
      'profiles.yml': `forms:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('FORMS_DUCKDB_PATH') }}"
`,
      'models/old/legacy.sql': 'select 1 as id',
      'models/custom/aliased.sql': `{{ config(alias='renamed', materialized='table') }}
{%- set ns = namespace(total=0) -%}
{%- for i in [1, 2, 3] -%}{%- set ns.total = ns.total + i -%}{%- endfor -%}
{%- set parts = [] -%}
{%- do parts.append('a') -%}
{%- do parts.append('b') -%}
select {{ ns.total }} as total, '{{ parts | join("-") }}' as parts, '{{ "hello world".title() }}' as title,
  '{{ "x_y".upper() }}' as upper, '{{ {"k": 1} | tojson }}' as json, '{{ "%s-%s" | format(1, 2) }}' as formatted`,
      'models/plain.sql': "select * from {{ ref('aliased') }}",
      'models/schema.yml': `version: 2
models:
  - name: plain
    columns:
      - name: total
        tests:
          - accepted_values: { values: [1], quote: false }
`,
    };
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(projectDir, file)), { recursive: true });
      writeFileSync(join(projectDir, file), content);
    }
    const path = join(projectDir, 'warehouse.duckdb');
    const outcome = await runProject({ projectDir, env: { FORMS_DUCKDB_PATH: path } });
    // severity warn from the tests: tree; legacy is disabled, so it is not run
    expect(statuses(outcome)).toEqual({ aliased: 'success', plain: 'success', accepted_values_plain_total__False__1: 'warn' });
    const engine: Engine = { name: 'duckdb', env: {}, config: { type: 'duckdb', path, schema: 'main' }, schema: 'main', close: async () => {} };
    // custom schema: <target schema>_<custom>, as dbt's default generate_schema_name
    expect(await query(engine, 'select * from main_reporting.renamed')).toEqual([
      { total: 6, parts: 'a-b', title: 'Hello World', upper: 'X_Y', json: '{"k": 1}', formatted: '1-2' },
    ]);
  });
});

describe('project layout dbt allows', () => {
  // dbt reads files under tests/generic/ as macro files: their {% test %} blocks define generic tests.
  it('finds custom generic tests defined in tests/generic/', async () => {
    const projectDir = copyFixture();
    mkdirSync(join(projectDir, 'tests/generic'), { recursive: true });
    renameSync(join(projectDir, 'macros/generic_tests/at_least.sql'), join(projectDir, 'tests/generic/at_least.sql'));
    const project = await loadProject({ projectDir, target: 'duckdb', env: { P0_DUCKDB_PATH: join(projectDir, 'warehouse.duckdb') } });
    expect([...project.nodes.values()].filter((node) => node.testMetadata?.name === 'at_least')).toHaveLength(2);
  });
});
