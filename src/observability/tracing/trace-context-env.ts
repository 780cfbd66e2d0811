/**
 * W3C trace context through the environment: a parent process puts
 * TRACEPARENT / TRACESTATE into a child's env, the child starts its spans
 * under that context, and both land in one trace. The header format is small
 * enough to write here (https://www.w3.org/TR/trace-context/), which keeps the
 * module on the public `@opentelemetry/api` only.
 */
import { ROOT_CONTEXT, TraceFlags, createTraceState, isSpanContextValid, trace, type Context, type Span } from '@opentelemetry/api';

export interface TraceContextEnv {
  TRACEPARENT: string;
  TRACESTATE?: string;
}

export function injectTraceContextIntoEnv(span: Span): TraceContextEnv {
  const context = span.spanContext();
  const flags = (context.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  const state = context.traceState?.serialize();
  return { TRACEPARENT: `00-${context.traceId}-${context.spanId}-${flags}`, ...(state ? { TRACESTATE: state } : {}) };
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The parent context in `env`, or undefined when there is none or it is malformed (then the child starts a new trace). */
export function extractTraceContextFromEnv(env: NodeJS.ProcessEnv = process.env): Context | undefined {
  const match = TRACEPARENT.exec((env.TRACEPARENT ?? '').trim().toLowerCase());
  if (!match || match[1] === 'ff' || (match[1] === '00' && match[5])) return undefined;
  const spanContext = {
    traceId: match[2],
    spanId: match[3],
    traceFlags: parseInt(match[4], 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(env.TRACESTATE ? { traceState: createTraceState(env.TRACESTATE) } : {}),
  };
  if (!isSpanContextValid(spanContext)) return undefined;
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}
