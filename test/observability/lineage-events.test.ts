import { describe, expect, it } from 'vitest';
import {
  buildNodeRunEvent,
  buildProductRunEvent,
  datasetName,
  datasetNamespace,
  deriveColumnLineage,
  lineageProducer,
  newRunId,
  parseSqlWithDuckDb,
  type LineageDataset,
  type RunEvent,
} from '../../src/observability/index.js';
import { createOpenLineageValidator } from './support/openlineage-validator.js';

const validator = createOpenLineageValidator();
const producer = lineageProducer('0.1.0');
const NS = datasetNamespace({ type: 'duckdb', path: '/tmp/warehouse/dev.duckdb' });
const product = 'shop';
const namespace = 'floe-dev';

const rawOrders: LineageDataset = {
  namespace: NS,
  name: datasetName({ database: 'dev', schema: 'raw', identifier: 'orders' }),
  fields: [
    { name: 'id', type: 'INTEGER' },
    { name: 'customer_id', type: 'INTEGER' },
    { name: 'amount', type: 'DECIMAL(10,2)' },
  ],
};
const compiledSql = 'select customer_id, sum(amount) as revenue from dev.raw.orders group by customer_id';

async function customerRevenue(): Promise<LineageDataset> {
  const columnLineage = deriveColumnLineage(await parseSqlWithDuckDb(compiledSql), [
    { namespace: rawOrders.namespace, name: rawOrders.name, columns: rawOrders.fields!.map((f) => f.name) },
  ]);
  return {
    namespace: NS,
    name: 'dev.main.customer_revenue',
    fields: [
      { name: 'customer_id', type: 'INTEGER', description: 'The customer' },
      { name: 'revenue', type: 'DECIMAL(38,2)' },
    ],
    description: 'Revenue per customer.',
    owners: ['team:analytics', 'jdoe'],
    rowCount: 42,
    columnLineage,
  };
}

function expectValid(event: RunEvent): void {
  expect(validator.problems(event)).toEqual([]);
}

describe('OpenLineage run events', () => {
  it('builds START, COMPLETE, FAIL and ABORT product-run events that validate against the official schemas', () => {
    const runId = newRunId();
    const start = buildProductRunEvent({ eventType: 'START', runId, namespace, product, producer, description: 'The shop product', owners: ['team:shop'] });
    const complete = buildProductRunEvent({ eventType: 'COMPLETE', runId, namespace, product, producer });
    const fail = buildProductRunEvent({ eventType: 'FAIL', runId, namespace, product, producer, error: new Error('2 models failed') });
    const abort = buildProductRunEvent({ eventType: 'ABORT', runId, namespace, product, producer, error: { message: 'cancelled by user' } });
    for (const event of [start, complete, fail, abort]) expectValid(event);

    expect(start).toMatchObject({
      eventType: 'START',
      producer: 'https://github.com/floe-dev/floe/tree/0.1.0',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId },
      job: { namespace, name: 'shop', facets: { jobType: { processingType: 'BATCH', integration: 'FLOE', jobType: 'JOB' } } },
    });
    expect(start.job.facets?.ownership).toMatchObject({ owners: [{ name: 'team:shop' }] });
    expect(start.run.facets?.processing_engine).toMatchObject({ name: 'floe', version: '0.1.0' });
    expect(fail.run.facets?.errorMessage).toMatchObject({ message: '2 models failed', programmingLanguage: 'TypeScript' });
    expect(String(fail.run.facets?.errorMessage.stackTrace)).toContain('Error: 2 models failed');
    expect(abort.run.facets?.errorMessage).toMatchObject({ message: 'cancelled by user' });
    expect(complete.run.facets?.errorMessage).toBeUndefined();
    expect(new Date(start.eventTime).toString()).not.toBe('Invalid Date');
  });

  it('builds a model node event with every dataset facet, including column lineage, that validates', async () => {
    const parentRunId = newRunId();
    const event = buildNodeRunEvent({
      eventType: 'COMPLETE',
      runId: newRunId(),
      parentRunId,
      namespace,
      product,
      producer,
      node: { name: 'customer_revenue', resourceType: 'model', materialization: 'table', compiledSql, sqlDialect: 'duckdb', description: 'Revenue per customer.', owners: ['team:analytics'] },
      inputs: [rawOrders],
      outputs: [await customerRevenue()],
    });
    expectValid(event);

    expect(event.job.name).toBe('shop.customer_revenue');
    expect(event.run.facets?.parent).toMatchObject({ run: { runId: parentRunId }, job: { namespace, name: 'shop' } });
    expect(event.job.facets?.sql).toMatchObject({ query: compiledSql, dialect: 'duckdb' });
    expect(event.job.facets?.jobType).toMatchObject({ jobType: 'MODEL', integration: 'FLOE' });
    const output = event.outputs[0];
    expect(output.name).toBe('dev.main.customer_revenue');
    expect(output.outputFacets?.outputStatistics).toMatchObject({ rowCount: 42 });
    expect(output.facets?.schema).toMatchObject({ fields: [{ name: 'customer_id', type: 'INTEGER', ordinal_position: 1 }, { name: 'revenue', ordinal_position: 2 }] });
    expect(output.facets?.ownership).toMatchObject({ owners: [{ name: 'team:analytics' }, { name: 'user:jdoe' }] });
    expect(output.facets?.documentation).toMatchObject({ description: 'Revenue per customer.' });
    expect(output.facets?.columnLineage).toMatchObject({
      fields: {
        revenue: { inputFields: [{ namespace: NS, name: 'dev.raw.orders', field: 'amount', transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION' }] }] },
        customer_id: { inputFields: [{ field: 'customer_id', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] },
      },
      dataset: [{ field: 'customer_id', transformations: [{ type: 'INDIRECT', subtype: 'GROUP_BY' }] }],
    });
  });

  it('puts test outcomes as data quality assertions on the tested dataset, and a failed node carries its error', () => {
    const parentRunId = newRunId();
    const testEvent = buildNodeRunEvent({
      eventType: 'FAIL',
      runId: newRunId(),
      parentRunId,
      namespace,
      product,
      producer,
      integration: 'DBT',
      node: { name: 'not_null_orders_amount', resourceType: 'test', compiledSql: 'select * from dev.raw.orders where amount is null' },
      inputs: [{ ...rawOrders, assertions: [{ name: 'not_null_orders_amount', assertion: 'not_null', column: 'amount', success: false, severity: 'error' }, { name: 'unique_orders_id', assertion: 'unique', column: 'id', success: true }] }],
      error: { message: 'Got 3 results, configured to fail if != 0' },
    });
    expectValid(testEvent);
    expect(testEvent.job.facets?.jobType).toMatchObject({ jobType: 'TEST', integration: 'DBT' });
    expect(testEvent.inputs[0].inputFacets?.dataQualityAssertions).toMatchObject({
      assertions: [
        { name: 'not_null_orders_amount', assertion: 'not_null', column: 'amount', success: false, severity: 'error' },
        { name: 'unique_orders_id', column: 'id', success: true },
      ],
    });
    expect(testEvent.run.facets?.errorMessage).toMatchObject({ message: 'Got 3 results, configured to fail if != 0' });

    const seedStart = buildNodeRunEvent({ eventType: 'START', runId: newRunId(), parentRunId, namespace, product, producer, node: { name: 'countries', resourceType: 'seed' }, outputs: [{ namespace: NS, name: 'dev.main.countries' }] });
    const seedAbort = buildNodeRunEvent({ eventType: 'ABORT', runId: seedStart.run.runId, parentRunId, namespace, product, producer, node: { name: 'countries', resourceType: 'seed' }, error: { message: 'skipped: upstream failed' } });
    expectValid(seedStart);
    expectValid(seedAbort);
    expect(seedStart.job.facets?.jobType).toMatchObject({ jobType: 'SEED' });
  });

  it('the validator itself rejects events that break the schema', () => {
    const event = buildProductRunEvent({ eventType: 'START', runId: 'not-a-uuid', namespace, product, producer });
    const broken = structuredClone(event) as unknown as { run: { facets: Record<string, Record<string, unknown>> } };
    delete broken.run.facets.processing_engine._producer;
    const problems = validator.problems(broken);
    expect(problems.some((p) => p.includes('runId'))).toBe(true);
    expect(problems.some((p) => p.includes('processing_engine') && p.includes('_producer'))).toBe(true);
  });

  it('gives run ids that are UUIDv7 and sort by creation time', () => {
    const earlier = newRunId(Date.parse('2026-01-01T00:00:00Z'));
    const later = newRunId(Date.parse('2026-01-01T00:00:01Z'));
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
    expect(newRunId()).not.toBe(newRunId());
  });
});
