/**
 * Where a run's traces, lineage and metrics go. Two sources: the environment
 * (OTEL_*, OPENLINEAGE_*) for a plain dbt project, and the compiled
 * per-environment observability section for a floe product (the environment
 * still fills in what the manifest leaves open, e.g. the collector URL).
 *
 * The local default, with nothing configured: no traces, and lineage written
 * as JSON lines to `<project>/.floe/lineage.jsonl` when the caller passes
 * `defaultLineageFile` (the CLI does), so a laptop run leaves lineage a
 * person can inspect without running a lineage server.
 */
import { isAbsolute, join } from 'node:path';
import type { CompiledArtifacts } from '../../compile/index.js';
import type { FloeMetrics, LineageTransportKind, TraceExporterKind } from '../../observability/index.js';

export interface ObservabilitySettings {
  /** Overrides the lineage job namespace for this product's jobs (default `lineage.namespace`). */
  productNamespace?: string;
  /** `stream`: where the console exporter writes (default stderr). */
  tracing: { exporter: TraceExporterKind; endpoint?: string; sampleRatio: number; serviceName: string; stream?: NodeJS.WritableStream };
  /** `stream`: where the console transport writes (default stdout). */
  lineage: { transport: LineageTransportKind; endpoint?: string; namespace: string; file?: string; apiKey?: string; stream?: NodeJS.WritableStream };
  /** Record runs and steps here (a long-lived process passes its registry). */
  metrics?: FloeMetrics;
}

export interface ObservabilityDefaults {
  /** Lineage goes here (file transport) when nothing else is configured, e.g. `<project>/.floe/lineage.jsonl`. */
  defaultLineageFile?: string;
}

type Env = Record<string, string | undefined>;

function tracingFromEnv(env: Env, sampleRatio = 1): ObservabilitySettings['tracing'] {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
  return { exporter: endpoint ? 'otlp' : 'none', ...(endpoint ? { endpoint } : {}), sampleRatio, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'floe' };
}

function lineageFromEnv(env: Env, defaults: ObservabilityDefaults): ObservabilitySettings['lineage'] {
  const namespace = env.OPENLINEAGE_NAMESPACE?.trim() || 'floe';
  const url = env.OPENLINEAGE_URL?.trim();
  if (url) return { transport: 'http', endpoint: url, namespace, ...(env.OPENLINEAGE_API_KEY ? { apiKey: env.OPENLINEAGE_API_KEY } : {}) };
  if (defaults.defaultLineageFile) return { transport: 'file', file: defaults.defaultLineageFile, namespace };
  return { transport: 'none', namespace };
}

/** From OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, OPENLINEAGE_URL, OPENLINEAGE_NAMESPACE, OPENLINEAGE_API_KEY. */
export function observabilityFromEnv(env: Env = process.env, defaults: ObservabilityDefaults = {}): ObservabilitySettings {
  return { tracing: tracingFromEnv(env), lineage: lineageFromEnv(env, defaults) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * From the compiled observability section of `environment` (default: the one
 * compiled for). Disabled tracing/lineage falls back to the environment
 * variables, then to the defaults. A lineage API key secret reference is
 * resolved here, at run time (the config module is imported for that, here
 * rather than with the file, so a plain dbt-format run never loads it).
 */
export async function observabilityFromArtifacts(
  artifacts: CompiledArtifacts,
  env: Env = process.env,
  options: ObservabilityDefaults & { environment?: string; productDir?: string } = {},
): Promise<ObservabilitySettings> {
  const name = (options.environment ?? artifacts.metadata.environment) as keyof CompiledArtifacts['observability'];
  const section = artifacts.observability[name] ?? artifacts.observability[artifacts.metadata.environment];
  const tracingSection = section.tracing;
  const lineageSection = section.lineage;

  let tracing = tracingFromEnv(env, section.sample_rate);
  if (tracingSection.enabled === true) {
    const exporter = (text(tracingSection.exporter) ?? 'none') as TraceExporterKind;
    const endpoint = text(tracingSection.endpoint) ?? tracing.endpoint;
    tracing = { exporter, ...(endpoint ? { endpoint } : {}), sampleRatio: section.sample_rate, serviceName: tracing.serviceName };
  }

  let lineage = lineageFromEnv(env, options);
  if (lineageSection.enabled === true) {
    const transport = (text(lineageSection.transport) ?? 'none') as LineageTransportKind;
    const namespace = text(lineageSection.namespace) ?? lineage.namespace;
    const endpoint = text(lineageSection.endpoint);
    const { resolveSecretRef, secretRefSchema } = await import('../../config/index.js');
    const keyRef = secretRefSchema.safeParse(lineageSection.api_key_secret_ref);
    const apiKey = keyRef.success ? resolveSecretRef(keyRef.data, { env }) : undefined;
    if (transport === 'file') {
      const file = endpoint ?? options.defaultLineageFile;
      lineage = { transport, namespace, ...(file ? { file: options.productDir && !isAbsolute(file) ? join(options.productDir, file) : file } : {}) };
    } else {
      lineage = { transport, namespace, ...(endpoint ? { endpoint } : {}), ...(apiKey ? { apiKey } : {}) };
    }
  }
  return { tracing, lineage };
}
