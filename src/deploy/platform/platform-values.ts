/**
 * `floe platform compile`: the floe-platform chart's values for one
 * environment, from the effective platform manifest. Secrets appear by name
 * only (Kubernetes Secret names from `secret_ref`s); the values are checked
 * against the chart's values.schema.json before they are written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { Ajv } from 'ajv';
import { effectiveSettings, type EnvironmentName, type Manifest, type Resources, type Service } from '../../config/index.js';
import { FloeError } from '../../errors/index.js';
import { didYouMean } from '../../errors/index.js';

/** Where the charts are: `charts/` of the package (the same from src/ and dist/). */
export const PACKAGE_CHARTS_DIR = fileURLToPath(new URL('../../../charts', import.meta.url));

/** Manifest service names → where their settings go in the chart's values. */
const SERVICE_KEYS: Record<string, { path: string[]; replicas?: string[]; ingressHost?: string }> = {
  'orchestrator-webserver': { path: ['orchestrator', 'webserver'], replicas: ['orchestrator', 'webserver', 'replicas'], ingressHost: 'orchestrator' },
  'orchestrator-daemon': { path: ['orchestrator', 'daemon'] },
  'state-store': { path: ['postgresql'] },
  catalog: { path: ['catalog'], replicas: ['catalog', 'replicas'] },
  'semantic-layer': { path: ['semantic', 'cube'], replicas: ['semantic', 'cube', 'replicas'] },
  'otel-collector': { path: ['otelCollector'] },
  lineage: { path: ['lineage', 'api'], replicas: ['lineage', 'api', 'replicas'], ingressHost: 'lineage' },
  jaeger: { path: ['jaeger'], ingressHost: 'traces' },
  'object-storage': { path: ['storage'] },
};
/** Services whose `enabled` switches a chart component. */
const SERVICE_SWITCHES: Record<string, string[]> = {
  'state-store': ['postgresql', 'enabled'],
  catalog: ['catalog', 'enabled'],
  'semantic-layer': ['semantic', 'enabled'],
  'otel-collector': ['otelCollector', 'enabled'],
  lineage: ['lineage', 'enabled'],
  jaeger: ['jaeger', 'enabled'],
  'object-storage': ['storage', 'enabled'],
};
export const KNOWN_SERVICES = Object.keys(SERVICE_KEYS);

export interface PlatformValues {
  environment: EnvironmentName;
  values: Record<string, unknown>;
  warnings: FloeError[];
}

type Values = Record<string, unknown>;

function set(values: Values, path: string[], value: unknown): void {
  let node = values;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Values;
  node[path[path.length - 1]] = value;
}

function resourcesOf(service: Service, presets: Record<string, Resources>): Resources | undefined {
  if (!service.resources) return undefined;
  return typeof service.resources === 'string' ? presets[service.resources] : service.resources;
}

export function platformValues(manifest: Manifest, environment: EnvironmentName, manifestText?: string): PlatformValues {
  const settings = effectiveSettings(manifest, environment);
  const warnings: FloeError[] = [];
  const values: Values = { environment };
  const defaultCompute = settings.compute.approved.find((target) => target.name === settings.compute.default) ?? settings.compute.approved[0];
  const secret = defaultCompute?.connection_secret_ref;
  set(values, ['global', 'compute'], { type: defaultCompute?.type ?? 'duckdb', secretRef: secret?.source === 'kubernetes' ? secret.name : '' });
  const { tracing, lineage } = settings.observability;
  set(values, ['global', 'observability'], {
    otlpEndpoint: tracing.enabled && tracing.exporter === 'otlp' ? (tracing.endpoint ?? '') : '',
    lineageEndpoint: lineage.enabled && lineage.transport === 'http' ? (lineage.endpoint ?? '') : '',
    lineageNamespace: lineage.namespace,
  });
  const orchestrator = settings.orchestrator;
  set(values, ['orchestrator', 'daemon', 'mode'], orchestrator.daemon.mode);
  set(values, ['orchestrator', 'daemon', 'restartTimeoutSeconds'], orchestrator.daemon.restart_timeout);
  set(values, ['orchestrator', 'daemon', 'healthCheckIntervalSeconds'], orchestrator.daemon.health_check_interval);
  set(values, ['orchestrator', 'launcher', 'type'], orchestrator.launcher);
  if (manifestText) set(values, ['orchestrator', 'manifest'], manifestText);
  // The warehouse volume only matters for an embedded DuckDB.
  set(values, ['orchestrator', 'warehouse', 'enabled'], settings.compute.approved.some((target) => target.type === 'duckdb'));

  const plugins = manifest.plugins;
  if (plugins.catalog) set(values, ['catalog', 'enabled'], plugins.catalog.type === 'polaris');
  if (plugins.storage) set(values, ['storage', 'enabled'], plugins.storage.type === 'minio');
  if (plugins.semantic_layer) set(values, ['semantic', 'enabled'], plugins.semantic_layer.type === 'cube');
  if (plugins.telemetry_backend) set(values, ['jaeger', 'enabled'], plugins.telemetry_backend.type === 'jaeger');
  if (plugins.lineage_backend) set(values, ['lineage', 'enabled'], plugins.lineage_backend.type === 'marquez');

  const hosts: Record<string, string> = {};
  for (const [name, service] of Object.entries(settings.services)) {
    const target = SERVICE_KEYS[name];
    if (!target) {
      warnings.push(
        new FloeError('FLOE_PLATFORM_UNKNOWN_SERVICE', `services.${name} is not a platform service the chart knows; it is left out of the Helm values`, {
          severity: 'warning',
          hint: didYouMean(name, KNOWN_SERVICES) || `known services: ${KNOWN_SERVICES.join(', ')}`,
        }),
      );
      continue;
    }
    if (SERVICE_SWITCHES[name]) set(values, SERVICE_SWITCHES[name], service.enabled);
    if (target.replicas) set(values, target.replicas, service.replicas);
    const resources = resourcesOf(service, settings.resource_presets as unknown as Record<string, Resources>);
    if (resources) set(values, [...target.path, 'resources'], resources);
    if (service.ingress?.enabled && service.ingress.host && target.ingressHost) hosts[target.ingressHost] = service.ingress.host;
  }
  if (Object.keys(hosts).length > 0) {
    set(values, ['ingress', 'enabled'], true);
    set(values, ['ingress', 'hosts'], { orchestrator: '', traces: '', lineage: '', ...hosts });
  }
  return { environment, values, warnings };
}

/** Problems of `values` against the floe-platform chart's schema (empty when it accepts them). */
export function chartValuesProblems(values: Values, chartDir = join(PACKAGE_CHARTS_DIR, 'floe-platform')): string[] {
  const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ strict: false, allErrors: true, validateSchema: false }).compile({ ...schema, $schema: undefined });
  if (validate(values)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`);
}

export function platformValuesYaml(result: PlatformValues, manifestName: string): string {
  return `# Helm values of the floe-platform chart for ${manifestName}, environment ${result.environment}.\n# Written by floe platform compile from the platform manifest; secrets appear by name only.\n${stringify(result.values)}`;
}

function merged(base: unknown, over: unknown): unknown {
  if (!base || typeof base !== 'object' || Array.isArray(base) || !over || typeof over !== 'object' || Array.isArray(over)) return over === undefined ? base : over;
  const result: Values = { ...(base as Values) };
  for (const [key, value] of Object.entries(over as Values)) result[key] = merged(result[key], value);
  return result;
}

/** The values helm will use: the chart's values.yaml with `values` merged over it (as helm merges them). */
export function effectiveChartValues(values: Values, chartDir = join(PACKAGE_CHARTS_DIR, 'floe-platform')): Values {
  return merged(parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Values, values) as Values;
}
