export { createTracing } from './create-tracing.js';
export type { Tracing, RunSpanInfo, NodeSpanInfo, StatementSpanInfo, SpanOutcome } from './create-tracing.js';
export { resolveTracingConfig } from './tracing-config.js';
export type { TracingConfig, ResolvedTracingConfig, TraceExporterKind } from './tracing-config.js';
export { injectTraceContextIntoEnv, extractTraceContextFromEnv } from './trace-context-env.js';
export type { TraceContextEnv } from './trace-context-env.js';
