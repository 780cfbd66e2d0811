/**
 * The building blocks used together the way a run uses them: real tables in a
 * real DuckDB file and a real PostgreSQL database, lineage with column lineage
 * from the compiled SQL written to a JSON-lines file and validated line by
 * line, metrics recorded, lineage failures counted.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildNodeRunEvent,
  buildProductRunEvent,
  createLineageEmitter,
  createMetrics,
  datasetName,
  datasetNamespace,
  deriveColumnLineage,
  lineageProducer,
  newRunId,
  parseSqlWithDuckDb,
  type LineageDataset,
  type RunEvent,
} from '../../src/observability/index.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { createOpenLineageValidator } from './support/openlineage-validator.js';

const validator = createOpenLineageValidator();
const producer = lineageProducer('0.1.0');
const MODEL_SQL = `
  with paid as (select customer_id, amount from raw.orders where status = 'paid')
  select c.id as customer_id, c.name, coalesce(sum(p.amount), 0) as revenue
  from raw.customers c left join paid p on p.customer_id = c.id
  group by c.id, c.name`;

type Columns = Array<{ name: string; type: string }>;

/** Runs one model's lifecycle through lineage + metrics, given how to read a table's columns. */
async function observeModelRun(options: {
  namespace: string;
  database: string;
  schema: string;
  columnsOf: (schema: string, table: string) => Promise<Columns>;
  rowsWritten: number;
  lineageFile: string;
}) {
  const { namespace: ns, database, schema, columnsOf } = options;
  const metrics = await createMetrics({ processMetrics: false });
  const emitter = createLineageEmitter(
    { transport: 'file', file: options.lineageFile, namespace: 'floe-test' },
    { env: {}, onSendFailed: () => metrics.lineageEventsFailedTotal.inc() },
  );
  const dataset = async (table: string, tableSchema = 'raw'): Promise<LineageDataset> => ({
    namespace: ns,
    name: datasetName({ database, schema: tableSchema, identifier: table }),
    fields: await columnsOf(tableSchema, table),
  });
  const inputs = [await dataset('customers'), await dataset('orders')];
  const output = await dataset('customer_revenue', schema);
  const columnLineage = deriveColumnLineage(
    await parseSqlWithDuckDb(MODEL_SQL),
    inputs.map((input) => ({ namespace: input.namespace, name: input.name, columns: input.fields!.map((f) => f.name) })),
    { outputColumns: output.fields!.map((f) => f.name) },
  );

  const common = { namespace: emitter.namespace, product: 'shop', producer };
  const runId = newRunId();
  const nodeRunId = newRunId();
  const testRunId = newRunId();
  const node = { name: 'customer_revenue', resourceType: 'model', materialization: 'table', compiledSql: MODEL_SQL, sqlDialect: 'duckdb' };
  void emitter.emit(buildProductRunEvent({ ...common, eventType: 'START', runId }));
  void emitter.emit(buildNodeRunEvent({ ...common, eventType: 'START', runId: nodeRunId, parentRunId: runId, node, inputs, outputs: [output] }));
  void emitter.emit(
    buildNodeRunEvent({ ...common, eventType: 'COMPLETE', runId: nodeRunId, parentRunId: runId, node, inputs, outputs: [{ ...output, rowCount: options.rowsWritten, columnLineage }] }),
  );
  metrics.recordStep({ product: 'shop', resourceType: 'model', durationSeconds: 0.5, rowsWritten: options.rowsWritten });
  void emitter.emit(
    buildNodeRunEvent({
      ...common,
      eventType: 'FAIL',
      runId: testRunId,
      parentRunId: runId,
      node: { name: 'positive_revenue', resourceType: 'test', compiledSql: 'select * from customer_revenue where revenue <= 0' },
      inputs: [{ ...output, assertions: [{ name: 'positive_revenue', assertion: 'expression_is_true', column: 'revenue', success: false }] }],
      error: { message: '1 failing row' },
    }),
  );
  metrics.recordStep({ product: 'shop', resourceType: 'test', durationSeconds: 0.1 });
  void emitter.emit(buildProductRunEvent({ ...common, eventType: 'FAIL', runId, error: { message: '1 test failed' } }));
  metrics.recordRun({ product: 'shop', status: 'failure', durationSeconds: 1 });
  await emitter.close();

  const events = readFileSync(options.lineageFile, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as RunEvent);
  return { events, metrics, runId, nodeRunId, emitter };
}

function expectRunShape(events: RunEvent[], runId: string, nodeRunId: string, expectedNamespace: string, database: string) {
  for (const event of events) expect(validator.problems(event)).toEqual([]);
  expect(events.map((e) => `${e.job.name}:${e.eventType}`)).toEqual([
    'shop:START',
    'shop.customer_revenue:START',
    'shop.customer_revenue:COMPLETE',
    'shop.positive_revenue:FAIL',
    'shop:FAIL',
  ]);
  const complete = events[2];
  expect(complete.run.runId).toBe(nodeRunId);
  expect(complete.run.facets?.parent).toMatchObject({ run: { runId } });
  expect(complete.inputs.map((i) => i.name)).toEqual([`${database}.raw.customers`, `${database}.raw.orders`]);
  expect(complete.inputs.every((i) => i.namespace === expectedNamespace)).toBe(true);
  const lineage = complete.outputs[0].facets?.columnLineage as unknown as {
    fields: Record<string, { inputFields: Array<{ name: string; field: string; transformations: Array<{ subtype: string }> }> }>;
  };
  expect(lineage.fields.customer_id.inputFields).toMatchObject([{ name: `${database}.raw.customers`, field: 'id', transformations: [{ subtype: 'IDENTITY' }] }]);
  expect(lineage.fields.revenue.inputFields).toMatchObject([{ name: `${database}.raw.orders`, field: 'amount', transformations: [{ subtype: 'AGGREGATION' }] }]);
  expect(events[3].inputs[0].inputFacets?.dataQualityAssertions).toMatchObject({ assertions: [{ name: 'positive_revenue', success: false }] });
}

describe('a run observed end to end', () => {
  it('on a real DuckDB file: valid lineage lines with schema from the engine and column lineage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-observe-duckdb-'));
    const file = join(dir, 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    try {
      await connection.run(`create schema raw;
        create table raw.customers (id integer, name varchar, email varchar);
        create table raw.orders (id integer, customer_id integer, amount decimal(10,2), status varchar);
        insert into raw.customers values (1, 'Ada', 'ada@x'), (2, 'Bob', 'bob@x'), (3, 'Cy', 'cy@x');
        insert into raw.orders values (1, 1, 10, 'paid'), (2, 1, 5, 'paid'), (3, 2, 7, 'open');`);
      await connection.run(`create table main.customer_revenue as ${MODEL_SQL}`);
      const rows = Number((await connection.runAndReadAll('select count(*) from main.customer_revenue')).getRows()[0][0]);
      const columnsOf = async (schema: string, table: string): Promise<Columns> => {
        const reader = await connection.runAndReadAll(
          'select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
          [schema, table],
        );
        return reader.getRows().map(([name, type]) => ({ name: String(name), type: String(type) }));
      };

      const { events, metrics, runId, nodeRunId, emitter } = await observeModelRun({
        namespace: datasetNamespace({ type: 'duckdb', path: file }),
        database: 'warehouse',
        schema: 'main',
        columnsOf,
        rowsWritten: rows,
        lineageFile: join(dir, 'lineage.jsonl'),
      });
      expectRunShape(events, runId, nodeRunId, `duckdb://${file}`, 'warehouse');
      expect(events[2].outputs[0]).toMatchObject({
        name: 'warehouse.main.customer_revenue',
        outputFacets: { outputStatistics: { rowCount: 3 } },
        facets: { schema: { fields: [{ name: 'customer_id', type: 'INTEGER' }, { name: 'name', type: 'VARCHAR' }, { name: 'revenue' }] } },
      });
      expect(emitter.failedCount).toBe(0);
      const text = await metrics.metrics();
      expect(text).toMatch(/floe_rows_written_total\{product="shop"\} 3/);
      expect(text).toMatch(/floe_runs_failed_total\{product="shop"\} 1/);
      expect(text).toMatch(/floe_lineage_events_failed_total 0/);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  describe('on a real PostgreSQL database', () => {
    let db: TestDatabase;
    let client: pg.Client;
    beforeAll(async () => {
      db = await createTestDatabase('floe_observe');
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
    });
    afterAll(async () => {
      await client?.end();
      await db?.drop();
    });

    it('names datasets postgres://host:port + database.schema.table and validates every event', async () => {
      await client.query(`create schema raw;
        create table raw.customers (id integer, name text, email text);
        create table raw.orders (id integer, customer_id integer, amount numeric(10,2), status text);
        insert into raw.customers values (1, 'Ada', 'ada@x'), (2, 'Bob', 'bob@x');
        insert into raw.orders values (1, 1, 10, 'paid');
        create table public.customer_revenue as ${MODEL_SQL};`);
      const rows = Number((await client.query<{ n: string }>('select count(*) as n from public.customer_revenue')).rows[0].n);
      const columnsOf = async (schema: string, table: string): Promise<Columns> =>
        (
          await client.query<{ name: string; type: string }>(
            'select column_name as name, data_type as type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
            [schema, table],
          )
        ).rows;

      const dir = mkdtempSync(join(tmpdir(), 'floe-observe-pg-'));
      const { events, runId, nodeRunId } = await observeModelRun({
        namespace: datasetNamespace({ type: 'postgres', host: db.host, port: db.port }),
        database: db.name,
        schema: 'public',
        columnsOf,
        rowsWritten: rows,
        lineageFile: join(dir, 'lineage.jsonl'),
      });
      expectRunShape(events, runId, nodeRunId, `postgres://${db.host}:${db.port}`, db.name);
      expect(events[2].outputs[0]).toMatchObject({
        name: `${db.name}.public.customer_revenue`,
        outputFacets: { outputStatistics: { rowCount: 2 } },
        facets: { schema: { fields: [{ name: 'customer_id', type: 'integer' }, { name: 'name', type: 'text' }, { name: 'revenue', type: 'numeric' }] } },
      });
    });
  });
});
