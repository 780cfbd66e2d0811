/** One environment's view of the platform: the base manifest with that environment's overlay applied. */
import type { EnvironmentName } from './common-schemas.js';
import { computeTargetSchema, type ComputeTarget } from './compute-schema.js';
import type { Manifest } from './manifest-schema.js';
import { deepMerge } from './manifest-merge.js';
import type { LineageSettings, LoggingSettings, TracingSettings } from './observability-schema.js';
import type { OrchestratorSettings } from './orchestrator-schema.js';
import type { ResourcePresets, Service } from './platform-services-schema.js';
import type { OrchestratorEndpoint } from './webserver-schema.js';

export const ENVIRONMENTS: readonly EnvironmentName[] = ['dev', 'staging', 'prod'];

export interface EnvironmentSettings {
  environment: EnvironmentName;
  observability: {
    tracing: TracingSettings;
    lineage: LineageSettings;
    logging: LoggingSettings;
    /** Trace sampling ratio (0–1) in this environment. */
    sample_rate: number;
  };
  /** Approved compute with this environment's config applied; secret refs stay references. */
  compute: { approved: ComputeTarget[]; default: string };
  services: Record<string, Service>;
  resource_presets: ResourcePresets;
  orchestrator: OrchestratorSettings;
  /** The orchestrator this environment's `floe run` / `status` / `logs` talk to, when it names one. */
  orchestrator_endpoint?: OrchestratorEndpoint;
}

/** The settings for `environment`. Pure: no secrets are resolved, nothing is read. */
export function effectiveSettings(manifest: Manifest, environment: EnvironmentName): EnvironmentSettings {
  const overlay = manifest.environments[environment] ?? {};
  const observability = manifest.observability;
  const computeOverlay = overlay.compute ?? {};
  const approved = manifest.compute.approved.map((target) => {
    const config = computeOverlay[target.name]?.config;
    if (!config) return structuredClone(target);
    // Re-validate so defaults and types stay right for the target's engine; the
    // manifest schema already rejected keys of the wrong engine, so this holds.
    const merged = computeTargetSchema.safeParse({ ...target, config: { ...target.config, ...config } });
    return merged.success ? merged.data : ({ ...target, config: { ...target.config, ...config } } as ComputeTarget);
  });
  const services: Record<string, Service> = {};
  for (const name of new Set([...Object.keys(manifest.services), ...Object.keys(overlay.services ?? {})])) {
    const base: Service = manifest.services[name] ?? { enabled: true, replicas: 1 };
    const change = overlay.services?.[name] ?? {};
    services[name] = {
      ...base,
      ...change,
      // Explicit resources replace a preset name wholesale; an ingress merges.
      ingress: base.ingress || change.ingress ? { enabled: false, ...base.ingress, ...change.ingress } : undefined,
    };
    if (services[name].ingress === undefined) delete services[name].ingress;
  }
  return {
    environment,
    observability: {
      tracing: { ...observability.tracing, ...overlay.observability?.tracing },
      lineage: { ...observability.lineage, ...overlay.observability?.lineage },
      logging: { ...observability.logging, ...overlay.observability?.logging },
      sample_rate: overlay.observability?.sample_rate ?? observability.sampling[environment],
    },
    compute: { approved, default: manifest.compute.default ?? approved[0]?.name },
    services,
    resource_presets: deepMerge(structuredClone(manifest.resource_presets), structuredClone(overlay.resource_presets)) as ResourcePresets,
    orchestrator: structuredClone(manifest.orchestrator),
    ...(overlay.orchestrator ? { orchestrator_endpoint: structuredClone(overlay.orchestrator) } : {}),
  };
}
