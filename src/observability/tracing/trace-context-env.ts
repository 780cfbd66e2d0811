/**
 * W3C trace context through the environment: a parent process puts
 * TRACEPARENT / TRACESTATE into a child's env, the child starts its spans
 * under that context, and both land in one trace. The header format is small
 * enough to write here (https://www.w3.org/TR/trace-context/), which keeps the
 * module on the public `@opentelemetry/api` only.
 */
import { createRequire } from 'node:module';
import type { Context, Span } from '@opentelemetry/api';

export interface TraceContextEnv {
  TRACEPARENT: string;
  TRACESTATE?: string;
}

/** W3C trace-flags bit "sampled" (the API's TraceFlags.SAMPLED). */
const SAMPLED = 0x01;

/**
 * The API, loaded on first use rather than with this module (it is ~45 files
 * a CLI start-up pays for even when nothing is traced). `require` keeps these
 * functions synchronous; it yields the same instance `import` does, because
 * the package's only runtime entry is its CommonJS build.
 */
let api: typeof import('@opentelemetry/api') | undefined;
function openTelemetryApi(): typeof import('@opentelemetry/api') {
  api ??= createRequire(import.meta.url)('@opentelemetry/api') as typeof import('@opentelemetry/api');
  return api;
}

export function injectTraceContextIntoEnv(span: Span): TraceContextEnv {
  const context = span.spanContext();
  const flags = (context.traceFlags & SAMPLED).toString(16).padStart(2, '0');
  const state = context.traceState?.serialize();
  return { TRACEPARENT: `00-${context.traceId}-${context.spanId}-${flags}`, ...(state ? { TRACESTATE: state } : {}) };
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The parent context in `env`, or undefined when there is none or it is malformed (then the child starts a new trace). */
export function extractTraceContextFromEnv(env: NodeJS.ProcessEnv = process.env): Context | undefined {
  const match = TRACEPARENT.exec((env.TRACEPARENT ?? '').trim().toLowerCase());
  if (!match || match[1] === 'ff' || (match[1] === '00' && match[5])) return undefined;
  const { ROOT_CONTEXT, createTraceState, isSpanContextValid, trace } = openTelemetryApi();
  const spanContext = {
    traceId: match[2],
    spanId: match[3],
    traceFlags: parseInt(match[4], 16) & SAMPLED,
    isRemote: true,
    ...(env.TRACESTATE ? { traceState: createTraceState(env.TRACESTATE) } : {}),
  };
  if (!isSpanContextValid(spanContext)) return undefined;
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}
