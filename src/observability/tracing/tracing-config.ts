import { FloeError } from '../../errors/index.js';

export type TraceExporterKind = 'otlp' | 'console' | 'none';

export interface TracingConfig {
  /** `service.name`; default OTEL_SERVICE_NAME, then `floe`. */
  serviceName?: string;
  /** OTLP/HTTP base URL (spans go to `<endpoint>/v1/traces`); default OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint?: string;
  /** Default: `otlp` when an endpoint is known, else `none`. */
  exporter?: TraceExporterKind;
  /** Share of new traces kept, 0…1 (children follow their parent's decision). Default 1. */
  sampleRatio?: number;
  /** Extra resource attributes, e.g. `deployment.environment`, `service.version`. */
  resourceAttributes?: Record<string, string | number | boolean>;
  /** console exporter: where span lines go (default process.stderr). */
  stream?: NodeJS.WritableStream;
  /** Longest `db.statement` kept on statement spans. Default 2048 characters. */
  maxStatementLength?: number;
  /** Read for OTEL_* defaults. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedTracingConfig {
  serviceName: string;
  endpoint?: string;
  exporter: TraceExporterKind;
  sampleRatio: number;
  resourceAttributes: Record<string, string | number | boolean>;
  maxStatementLength: number;
}

/** Applies OTEL_* defaults and checks the values; throws FLOE_TRACING_CONFIG_INVALID. */
export function resolveTracingConfig(config: TracingConfig): ResolvedTracingConfig {
  const env = config.env ?? process.env;
  const endpoint = (config.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT)?.trim() || undefined;
  const exporter = config.exporter ?? (endpoint ? 'otlp' : 'none');
  const sampleRatio = config.sampleRatio ?? 1;
  if (!['otlp', 'console', 'none'].includes(exporter)) {
    throw new FloeError('FLOE_TRACING_CONFIG_INVALID', `Unknown trace exporter "${exporter}".`, { hint: 'Use otlp, console or none.' });
  }
  if (!Number.isFinite(sampleRatio) || sampleRatio < 0 || sampleRatio > 1) {
    throw new FloeError('FLOE_TRACING_CONFIG_INVALID', `The trace sample ratio must be between 0 and 1, got ${sampleRatio}.`, {
      hint: 'Use 1 to keep every trace (dev), e.g. 0.1 to keep one in ten (production).',
    });
  }
  if (exporter === 'otlp') {
    let ok = false;
    try {
      ok = endpoint !== undefined && ['http:', 'https:'].includes(new URL(endpoint).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new FloeError('FLOE_TRACING_CONFIG_INVALID', `The otlp trace exporter needs an http(s) endpoint, got ${endpoint ? `"${endpoint}"` : 'none'}.`, {
        hint: 'Set the OTLP endpoint in the manifest or OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://otel-collector:4318.',
      });
    }
  }
  return {
    serviceName: config.serviceName ?? (env.OTEL_SERVICE_NAME?.trim() || 'floe'),
    endpoint,
    exporter,
    sampleRatio,
    resourceAttributes: config.resourceAttributes ?? {},
    maxStatementLength: config.maxStatementLength ?? 2048,
  };
}
