import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTracing, extractTraceContextFromEnv, injectTraceContextIntoEnv } from '../../src/observability/index.js';

/** OTLP/HTTP JSON, as the exporter sends it (only the parts we assert on). */
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Array<{ key: string; value: OtlpValue }>;
  status?: { code?: number; message?: string };
  events?: Array<{ name: string; attributes: Array<{ key: string; value: OtlpValue }> }>;
}
interface ReceivedSpan extends Omit<OtlpSpan, 'attributes'> {
  service: string;
  attributes: Record<string, string | number | boolean | undefined>;
}

/** A local OTLP/HTTP collector double: collects the spans posted to /v1/traces. */
let server: Server;
let endpoint: string;
let received: ReceivedSpan[] = [];
const paths: string[] = [];

function plain(value: OtlpValue): string | number | boolean | undefined {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.boolValue;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      paths.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      const payload = JSON.parse(body) as {
        resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: OtlpValue }> }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
      };
      for (const resourceSpans of payload.resourceSpans) {
        const service = String(plain(resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value ?? {}));
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) {
            received.push({ ...span, service, attributes: Object.fromEntries(span.attributes.map((a) => [a.key, plain(a.value)])) });
          }
        }
      }
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

beforeEach(() => {
  received = [];
  paths.length = 0;
});

const byName = (name: string) => {
  const span = received.find((s) => s.name === name);
  if (!span) throw new Error(`no span named ${name}; got ${received.map((s) => s.name).join(', ')}`);
  return span;
};

describe('run traces over OTLP/HTTP', () => {
  it('exports a run span with node and statement children, attributes and error status', async () => {
    const tracing = await createTracing({ serviceName: 'floe-job', endpoint, exporter: 'otlp', sampleRatio: 1, resourceAttributes: { 'deployment.environment': 'dev' }, maxStatementLength: 20, env: {} });
    const run = tracing.startRunSpan({ product: 'shop', runId: 'run-1', environment: 'dev' });
    const orders = tracing.startNodeSpan(run, { name: 'orders', uniqueId: 'model.shop.orders', resourceType: 'model', materialization: 'table' });
    const create = tracing.startStatementSpan(orders, { dbSystem: 'duckdb', statement: 'create table main.orders as select * from raw.orders' });
    tracing.endSpan(create, { rows: 42 });
    tracing.endSpan(orders, { rows: 42 });
    const broken = tracing.startNodeSpan(run, { name: 'broken', uniqueId: 'model.shop.broken', resourceType: 'model', materialization: 'view' });
    const failing = tracing.startStatementSpan(broken, { dbSystem: 'postgresql', statement: 'select nope' });
    const error = new Error('column "nope" does not exist');
    tracing.endSpan(failing, { error });
    tracing.endSpan(broken, { error });
    tracing.endSpan(run, { error: 'one node failed' });
    await tracing.shutdown();

    expect(paths.every((p) => p.startsWith('POST /v1/traces application/json'))).toBe(true);
    expect(received.map((s) => s.name).sort()).toEqual(['CREATE', 'SELECT', 'node broken', 'node orders', 'run shop']);
    const runSpan = byName('run shop');
    const ordersSpan = byName('node orders');
    const createSpan = byName('CREATE');
    expect(runSpan.parentSpanId ?? '').toBe('');
    expect(ordersSpan.parentSpanId).toBe(runSpan.spanId);
    expect(byName('node broken').parentSpanId).toBe(runSpan.spanId);
    expect(createSpan.parentSpanId).toBe(ordersSpan.spanId);
    expect(byName('SELECT').parentSpanId).toBe(byName('node broken').spanId);
    expect(new Set(received.map((s) => s.traceId)).size).toBe(1);
    expect(new Set(received.map((s) => s.service))).toEqual(new Set(['floe-job']));

    expect(runSpan.attributes).toMatchObject({ 'floe.product': 'shop', 'floe.run_id': 'run-1', 'floe.environment': 'dev' });
    expect(ordersSpan.attributes).toMatchObject({ 'floe.product': 'shop', 'floe.run_id': 'run-1', 'floe.node': 'model.shop.orders', 'floe.materialization': 'table', 'floe.rows': 42 });
    expect(createSpan.attributes).toMatchObject({ 'floe.run_id': 'run-1', 'db.system': 'duckdb', 'db.statement': 'create table main.or…', 'floe.rows': 42 });
    expect(byName('SELECT').attributes).toMatchObject({ 'db.system': 'postgresql', 'db.statement': 'select nope' });

    const STATUS_ERROR = 2;
    expect(byName('node broken').status).toMatchObject({ code: STATUS_ERROR, message: 'column "nope" does not exist' });
    expect(runSpan.status).toMatchObject({ code: STATUS_ERROR, message: 'one node failed' });
    expect(ordersSpan.status?.code ?? 0).not.toBe(STATUS_ERROR);
    const exception = byName('SELECT').events?.find((e) => e.name === 'exception');
    expect(exception?.attributes.find((a) => a.key === 'exception.message')?.value.stringValue).toBe('column "nope" does not exist');
  });

  it('drops every span when the sampling ratio is 0', async () => {
    const tracing = await createTracing({ endpoint, exporter: 'otlp', sampleRatio: 0, env: {} });
    const run = tracing.startRunSpan({ product: 'shop', runId: 'r' });
    tracing.endSpan(tracing.startNodeSpan(run, { name: 'a', resourceType: 'model' }));
    tracing.endSpan(run);
    await tracing.shutdown();
    expect(received).toEqual([]);
    expect(run.isRecording()).toBe(false);
  });

  it('joins a child process trace through TRACEPARENT in the environment (parent and child tracers)', async () => {
    const parent = await createTracing({ serviceName: 'floe-daemon', endpoint, exporter: 'otlp', env: {} });
    // The child keeps 0% of *new* traces, but follows a sampled parent.
    const child = await createTracing({ serviceName: 'floe-job', endpoint, exporter: 'otlp', sampleRatio: 0, env: {} });
    const launch = parent.startRunSpan({ product: 'shop', runId: 'run-7' });
    const childEnv: NodeJS.ProcessEnv = { PATH: '/usr/bin', ...injectTraceContextIntoEnv(launch) };
    expect(childEnv.TRACEPARENT).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const jobRun = child.startRunSpan({ product: 'shop', runId: 'run-7', parent: extractTraceContextFromEnv(childEnv) });
    child.endSpan(child.startNodeSpan(jobRun, { name: 'orders', resourceType: 'model' }));
    child.endSpan(jobRun);
    parent.endSpan(launch);
    await child.shutdown();
    await parent.shutdown();

    const daemonSpan = received.find((s) => s.service === 'floe-daemon')!;
    const jobSpan = received.find((s) => s.service === 'floe-job' && s.name === 'run shop')!;
    expect(jobSpan.traceId).toBe(daemonSpan.traceId);
    expect(jobSpan.parentSpanId).toBe(daemonSpan.spanId);
    expect(received.find((s) => s.name === 'node orders')?.traceId).toBe(daemonSpan.traceId);
  });

  it('ignores a missing or malformed TRACEPARENT and carries TRACESTATE through', async () => {
    expect(extractTraceContextFromEnv({})).toBeUndefined();
    expect(extractTraceContextFromEnv({ TRACEPARENT: 'garbage' })).toBeUndefined();
    expect(extractTraceContextFromEnv({ TRACEPARENT: '00-00000000000000000000000000000000-0000000000000000-01' })).toBeUndefined();
    const tracing = await createTracing({ exporter: 'none', env: {} });
    const context = extractTraceContextFromEnv({ TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', TRACESTATE: 'vendor=abc' });
    const span = tracing.startRunSpan({ product: 'p', runId: 'r', parent: context });
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(injectTraceContextIntoEnv(span).TRACESTATE).toBe('vendor=abc');
  });
});

describe('tracing configuration', () => {
  it('honours OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME', async () => {
    const tracing = await createTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`, OTEL_SERVICE_NAME: 'from-env' } });
    expect(tracing.config).toMatchObject({ exporter: 'otlp', serviceName: 'from-env' });
    tracing.endSpan(tracing.startRunSpan({ product: 'p', runId: 'r' }));
    await tracing.shutdown();
    expect(received.map((s) => s.service)).toEqual(['from-env']);
    expect((await createTracing({ env: {} })).config).toMatchObject({ exporter: 'none', serviceName: 'floe' });
  });

  it('console exporter writes one JSON line per span to the given stream', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const tracing = await createTracing({ exporter: 'console', stream, env: {} });
    tracing.endSpan(tracing.startRunSpan({ product: 'p', runId: 'r' }), { rows: 3 });
    await tracing.shutdown();
    const line = JSON.parse(text.trim()) as { name: string; attributes: Record<string, unknown> };
    expect(line).toMatchObject({ name: 'run p', attributes: { 'floe.product': 'p', 'floe.rows': 3 } });
  });

  it('rejects an out-of-range ratio, an unknown exporter and an otlp exporter without endpoint', async () => {
    await expect(createTracing({ sampleRatio: 1.5, env: {} })).rejects.toThrow(/between 0 and 1/);
    await expect(createTracing({ exporter: 'zipkin' as never, env: {} })).rejects.toThrow(/Unknown trace exporter/);
    try {
      await createTracing({ exporter: 'otlp', env: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'FLOE_TRACING_CONFIG_INVALID', hint: expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT') });
    }
  });
});
