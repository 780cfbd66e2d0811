/**
 * The standard signals a run leaves: OpenLineage events (validated against
 * the official JSON Schemas) with schema, column lineage and data quality
 * facets; spans received on a local OTLP/HTTP endpoint forming the run →
 * node → statement tree; the Prometheus registry after runs; and a lineage
 * outage that is logged, never fatal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, type RunEvent } from '../../../src/observability/index.js';
import { executeRun, planFromDbtProject } from '../../../src/orchestrator/index.js';
import { createOpenLineageValidator } from '../../observability/support/openlineage-validator.js';
import { MODEL, SEED, quietObservability, cleanupAfterEach, shopWithStore } from './run-fixture.js';

const validator = createOpenLineageValidator();
/** Breaks customer_revenue (an unknown column) through env_var(). */
const BROKEN = { FLOE_TEST_BREAK_MODEL: 'yes' };
const cleanup = cleanupAfterEach();

function readLineage(file: string): RunEvent[] {
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as RunEvent);
}

describe('lineage of a run', () => {
  it('writes valid OpenLineage events for the product and each node, with schema, column lineage and assertions', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const file = join(dir, '.floe', 'lineage.jsonl');
    const outcome = await executeRun(planFromDbtProject(dir), { store, env: {}, observability: quietObservability({ lineage: { transport: 'file', file, namespace: 'acme' } }) });
    expect(outcome.status).toBe('SUCCESS');

    const events = readLineage(file);
    for (const event of events) expect(validator.problems(event)).toEqual([]);
    expect(events[0]).toMatchObject({ eventType: 'START', job: { namespace: 'acme', name: 'shop' }, run: { runId: outcome.runId } });
    expect(events.at(-1)).toMatchObject({ eventType: 'COMPLETE', job: { name: 'shop' }, run: { runId: outcome.runId } });

    const namespace = `duckdb://${join(dir, 'warehouse.duckdb')}`;
    const complete = events.find((event) => event.job.name === 'shop.customer_revenue' && event.eventType === 'COMPLETE')!;
    expect(complete.run.facets?.parent).toMatchObject({ run: { runId: outcome.runId }, job: { name: 'shop' } });
    expect(complete.job.facets?.sql).toMatchObject({ query: expect.stringMatching(/sum\(amount\)/i) });
    expect(complete.inputs).toEqual([expect.objectContaining({ namespace, name: 'warehouse.main.stg_orders' })]);
    const output = complete.outputs[0];
    expect(output).toMatchObject({ namespace, name: 'warehouse.main.customer_revenue', outputFacets: { outputStatistics: { rowCount: 1 } } });
    expect((output.facets?.schema as unknown as { fields: Array<{ name: string }> }).fields.map((f) => f.name)).toEqual(['customer_id', 'revenue', 'order_count']);
    const lineage = output.facets?.columnLineage as unknown as { fields: Record<string, { inputFields: Array<{ name: string; field: string; transformations: Array<{ subtype: string }> }> }> };
    expect(lineage.fields.customer_id.inputFields).toMatchObject([{ name: 'warehouse.main.stg_orders', field: 'customer_id', transformations: [{ subtype: 'IDENTITY' }] }]);
    expect(lineage.fields.revenue.inputFields).toMatchObject([{ name: 'warehouse.main.stg_orders', field: 'amount', transformations: [{ subtype: 'AGGREGATION' }] }]);

    // Every node that ran has a START and a finish under its own run id.
    const nodeRuns = new Map<string, string[]>();
    for (const event of events.filter((e) => e.job.name !== 'shop')) nodeRuns.set(event.run.runId, [...(nodeRuns.get(event.run.runId) ?? []), event.eventType]);
    expect(nodeRuns.size).toBe(6);
    for (const types of nodeRuns.values()) expect(types).toEqual(['START', 'COMPLETE']);

    const notNull = events.find((event) => event.job.name === 'shop.not_null_customer_revenue_customer_id' && event.eventType === 'COMPLETE')!;
    expect(notNull.inputs[0]).toMatchObject({
      name: 'warehouse.main.customer_revenue',
      inputFacets: { dataQualityAssertions: { assertions: [{ assertion: 'not_null', column: 'customer_id', success: true }] } },
    });
  });

  it("reads the datasets' schemas on the run's own connection, so even an in-memory warehouse has them", async () => {
    const { dir, store } = await shopWithStore(cleanup);
    // `:memory:` lives only as long as the run's connection: a second connection would see no tables at all.
    writeFileSync(join(dir, 'profiles.yml'), 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ":memory:"\n      schema: main\n');
    const file = join(dir, 'lineage.jsonl');
    const outcome = await executeRun(planFromDbtProject(dir), { store, env: {}, observability: quietObservability({ lineage: { transport: 'file', file, namespace: 'acme' } }) });
    expect(outcome.status).toBe('SUCCESS');

    const events = readLineage(file);
    for (const event of events) expect(validator.problems(event)).toEqual([]);
    const fieldsOf = (dataset: { facets?: Record<string, unknown> } | undefined) => (dataset?.facets?.schema as { fields: Array<{ name: string }> } | undefined)?.fields.map((f) => f.name);
    const model = events.find((event) => event.job.name === 'shop.customer_revenue' && event.eventType === 'COMPLETE')!;
    expect(fieldsOf(model.outputs[0])).toEqual(['customer_id', 'revenue', 'order_count']);
    expect(fieldsOf(model.inputs[0])).toEqual(expect.arrayContaining(['customer_id', 'amount']));
    const test = events.find((event) => event.job.name === 'shop.not_null_customer_revenue_customer_id' && event.eventType === 'COMPLETE')!;
    expect(fieldsOf(test.inputs[0])).toEqual(['customer_id', 'revenue', 'order_count']);
    expect((await store.getEvents(outcome.runId)).filter((event) => event.kind === 'lineage.problem')).toEqual([]);
  });

  it('a failing model gets a FAIL event with its error, and the product run FAILs', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const file = join(dir, 'lineage.jsonl');
    await executeRun(planFromDbtProject(dir), { store, env: BROKEN, observability: quietObservability({ lineage: { transport: 'file', file, namespace: 'acme' } }) });
    const events = readLineage(file);
    for (const event of events) expect(validator.problems(event)).toEqual([]);
    const failed = events.find((event) => event.job.name === 'shop.customer_revenue' && event.eventType === 'FAIL')!;
    expect(failed.run.facets?.errorMessage).toMatchObject({ message: expect.stringContaining('no_such_column') });
    expect(events.at(-1)).toMatchObject({ eventType: 'FAIL', job: { name: 'shop' } });
  });

  it('a lineage outage does not fail the run: it is recorded as an event and counted', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const metrics = await createMetrics({ processMetrics: false });
    const outcome = await executeRun(planFromDbtProject(dir), {
      store,
      env: {},
      observability: quietObservability({ lineage: { transport: 'http', endpoint: `http://127.0.0.1:${port}`, namespace: 'acme' }, metrics }),
    });
    expect(outcome.status).toBe('SUCCESS');
    expect((await store.getRun(outcome.runId)).status).toBe('SUCCESS');
    const problems = (await store.getEvents(outcome.runId)).filter((event) => event.kind === 'lineage.problem');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ level: 'warn', message: expect.stringContaining('not delivered') });
    expect(await metrics.metrics()).toMatch(/floe_lineage_events_failed_total [1-9]/);
  });
});

describe('metrics of runs', () => {
  it('counts runs by status, failures, durations and rows written', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const metrics = await createMetrics({ processMetrics: false });
    await executeRun(planFromDbtProject(dir), { store, env: {}, observability: quietObservability({ metrics }) });
    await executeRun(planFromDbtProject(dir), { store, env: BROKEN, observability: quietObservability({ metrics }) });

    const text = await metrics.metrics();
    expect(text).toMatch(/floe_runs_total\{product="shop",status="success"\} 1/);
    expect(text).toMatch(/floe_runs_total\{product="shop",status="failure"\} 1/);
    expect(text).toMatch(/floe_runs_failed_total\{product="shop"\} 1/);
    expect(text).toMatch(/floe_run_duration_seconds_count\{product="shop"\} 2/);
    // First run: 3 seed rows + 1 table row; second: the seed again (the model failed).
    expect(text).toMatch(/floe_rows_written_total\{product="shop"\} 7/);
    expect(text).toMatch(/floe_step_duration_seconds_count\{product="shop",resource_type="test"\} 4/);
  });
});

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  status?: { code?: number; message?: string };
  attributes: Record<string, string | number | boolean | undefined>;
}

describe('traces of a run', () => {
  let server: Server;
  let endpoint: string;
  const received: ReceivedSpan[] = [];
  const plain = (value: OtlpValue) => (value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.boolValue));

  beforeAll(async () => {
    // A local OTLP/HTTP collector double: keeps the spans posted to /v1/traces.
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const payload = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'attributes'> & { attributes: Array<{ key: string; value: OtlpValue }> }> }> }> };
        for (const resource of payload.resourceSpans)
          for (const scope of resource.scopeSpans)
            for (const span of scope.spans) received.push({ ...span, attributes: Object.fromEntries(span.attributes.map((a) => [a.key, plain(a.value)])) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('exports a run span with a child per node and a grandchild per SQL statement, flushed when the run ends', async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const outcome = await executeRun(planFromDbtProject(dir), {
      store,
      env: BROKEN,
      observability: quietObservability({ tracing: { exporter: 'otlp', endpoint, sampleRatio: 1, serviceName: 'floe-run-test' } }),
    });

    const spans = received.filter((span) => span.attributes['floe.run_id'] === outcome.runId);
    const root = spans.find((span) => span.name === 'run shop')!;
    expect(root).toBeDefined();
    expect(root.parentSpanId ?? '').toBe('');
    expect(root.status?.code).toBe(2);
    const nodes = spans.filter((span) => span.parentSpanId === root.spanId);
    expect(nodes.map((span) => span.attributes['floe.node']).sort()).toEqual([MODEL, 'model.shop.stg_orders', SEED, expect.stringContaining('test.shop.unique_stg_orders')]);
    expect(spans.every((span) => span.traceId === root.traceId)).toBe(true);

    const model = nodes.find((span) => span.attributes['floe.node'] === MODEL)!;
    expect(model.attributes).toMatchObject({ 'floe.product': 'shop', 'floe.resource_type': 'model', 'floe.materialization': 'table', 'db.system': 'duckdb' });
    expect(model.status?.code).toBe(2);
    const statements = spans.filter((span) => span.parentSpanId === model.spanId);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.some((span) => span.status?.code === 2 && String(span.attributes['db.statement']).includes('no_such_column'))).toBe(true);
    const seed = nodes.find((span) => span.attributes['floe.node'] === SEED)!;
    expect(seed.attributes['floe.rows']).toBe(3);
    const seedStatements = spans.filter((span) => span.parentSpanId === seed.spanId);
    expect(seedStatements.length).toBeGreaterThan(0);
    for (const statement of seedStatements) expect(statement.attributes).toMatchObject({ 'db.system': 'duckdb', 'floe.run_id': outcome.runId });
  });

  it("joins the launcher's trace when TRACEPARENT is in the environment", async () => {
    const { dir, store } = await shopWithStore(cleanup);
    const traceId = '4bf92f3577b34da6a3ce929b0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    const outcome = await executeRun(planFromDbtProject(dir, { select: ['raw_orders'] }), {
      store,
      env: { TRACEPARENT: `00-${traceId}-${parentSpanId}-01` },
      observability: quietObservability({ tracing: { exporter: 'otlp', endpoint, sampleRatio: 1, serviceName: 'floe-run-test' } }),
    });
    const root = received.find((span) => span.name === 'run shop' && span.attributes['floe.run_id'] === outcome.runId)!;
    expect(root).toMatchObject({ traceId, parentSpanId });
  });
});
