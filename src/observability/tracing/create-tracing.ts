/**
 * Traces for runs: a span per run, a child per node, a grandchild per SQL
 * statement, exported over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`.
 * The provider is not registered globally: spans are parented explicitly,
 * so two tracings (a parent and a child process, or tests) never collide.
 *
 * The OpenTelemetry packages are imported by `createTracing`, not at module
 * load: they add ~0.1 s to a CLI start-up, and most runs trace nothing.
 */
import type { Attributes, Context, Span, SpanKind, Tracer } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { resolveTracingConfig, type ResolvedTracingConfig, type TracingConfig } from './tracing-config.js';

export interface RunSpanInfo {
  product: string;
  runId: string;
  environment?: string;
  /** The trace this run joins, e.g. `extractTraceContextFromEnv(process.env)`; a new trace when absent. */
  parent?: Context;
}

export interface NodeSpanInfo {
  /** The node's name (`orders`). */
  name: string;
  /** dbt-style unique id (`model.shop.orders`). */
  uniqueId?: string;
  resourceType: string;
  materialization?: string;
}

export interface StatementSpanInfo {
  /** `duckdb` or `postgresql` (OpenTelemetry's db.system values). */
  dbSystem: 'duckdb' | 'postgresql' | string;
  statement: string;
  /** When the statement began (ms since the epoch), for a span started after the fact; default now. */
  startTime?: number;
}

export interface SpanOutcome {
  rows?: number;
  /** Marks the span failed and records the exception. */
  error?: unknown;
}

export interface Tracing {
  readonly config: ResolvedTracingConfig;
  readonly tracer: Tracer;
  startRunSpan(info: RunSpanInfo): Span;
  startNodeSpan(runSpan: Span, info: NodeSpanInfo): Span;
  startStatementSpan(nodeSpan: Span, info: StatementSpanInfo): Span;
  /** Sets `floe.rows`, the error status and exception when given, and ends the span. */
  endSpan(span: Span, outcome?: SpanOutcome): void;
  /** Exports every finished span now. */
  forceFlush(): Promise<void>;
  /** Flushes and stops; call before the process exits. */
  shutdown(): Promise<void>;
}

/** Run-wide attributes every descendant span repeats, so any span can be found by run. */
const runAttributes = new WeakMap<Span, Attributes>();

async function processorsFor(config: ResolvedTracingConfig, stream: NodeJS.WritableStream | undefined): Promise<SpanProcessor[]> {
  switch (config.exporter) {
    case 'otlp': {
      const [{ BatchSpanProcessor }, { OTLPTraceExporter }] = await Promise.all([import('@opentelemetry/sdk-trace-node'), import('@opentelemetry/exporter-trace-otlp-http')]);
      return [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${(config.endpoint ?? '').replace(/\/+$/, '')}/v1/traces` }))];
    }
    case 'console': {
      const [{ SimpleSpanProcessor }, { StreamSpanExporter }] = await Promise.all([import('@opentelemetry/sdk-trace-node'), import('./stream-span-exporter.js')]);
      return [new SimpleSpanProcessor(new StreamSpanExporter(stream ?? process.stderr))];
    }
    case 'none':
      return [];
  }
}

function statementName(statement: string): string {
  const keyword = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([a-z]+)/i.exec(statement)?.[1];
  return keyword ? keyword.toUpperCase() : 'SQL';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Rejects with FLOE_TRACING_CONFIG_INVALID for an unusable configuration
 * (checked before anything is loaded). With exporter `none` spans are still
 * made (their ids can be handed to child processes) but never exported; a
 * caller that needs no spans at all should not create a tracing.
 */
export async function createTracing(config: TracingConfig = {}): Promise<Tracing> {
  const resolved = resolveTracingConfig(config);
  const [{ ROOT_CONTEXT, SpanKind, SpanStatusCode, trace }, { NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler }, { resourceFromAttributes }, spanProcessors] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
    processorsFor(resolved, config.stream),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': resolved.serviceName, ...resolved.resourceAttributes }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(resolved.sampleRatio) }),
    spanProcessors,
  });
  const tracer = provider.getTracer('floe');
  let stopped = false;

  function child(parent: Span, name: string, attributes: Attributes, kind: SpanKind = SpanKind.INTERNAL, startTime?: number): Span {
    const inherited = runAttributes.get(parent) ?? {};
    const span = tracer.startSpan(name, { kind, attributes: { ...inherited, ...attributes }, ...(startTime !== undefined ? { startTime } : {}) }, trace.setSpan(ROOT_CONTEXT, parent));
    runAttributes.set(span, inherited);
    return span;
  }

  return {
    config: resolved,
    tracer,
    startRunSpan(info) {
      const inherited: Attributes = { 'floe.product': info.product, 'floe.run_id': info.runId };
      if (info.environment) inherited['floe.environment'] = info.environment;
      const span = tracer.startSpan(`run ${info.product}`, { kind: SpanKind.INTERNAL, attributes: inherited }, info.parent ?? ROOT_CONTEXT);
      runAttributes.set(span, inherited);
      return span;
    },
    startNodeSpan(runSpan, info) {
      return child(runSpan, `node ${info.name}`, {
        'floe.node': info.uniqueId ?? info.name,
        'floe.node_name': info.name,
        'floe.resource_type': info.resourceType,
        ...(info.materialization ? { 'floe.materialization': info.materialization } : {}),
      });
    },
    startStatementSpan(nodeSpan, info) {
      const statement = info.statement.length > resolved.maxStatementLength ? `${info.statement.slice(0, resolved.maxStatementLength)}…` : info.statement;
      return child(nodeSpan, statementName(info.statement), { 'db.system': info.dbSystem, 'db.statement': statement }, SpanKind.CLIENT, info.startTime);
    },
    endSpan(span, outcome = {}) {
      if (outcome.rows !== undefined) span.setAttribute('floe.rows', outcome.rows);
      if (outcome.error !== undefined) {
        span.recordException(outcome.error instanceof Error ? outcome.error : errorText(outcome.error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(outcome.error) });
      }
      span.end();
    },
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      if (stopped) return;
      stopped = true;
      await provider.shutdown();
    },
  };
}
