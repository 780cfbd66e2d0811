/**
 * Approved compute → the compute a transform runs on, in profiles.yml terms,
 * and back into a transform-engine target. Secrets stay references here; only
 * a runtime passes `resolveSecret` (e.g. config's `resolveSecretRef`).
 */
import { isAbsolute, join } from 'node:path';
import type { ComputeTarget, ResourcePresets, SecretRef } from '../config/index.js';
import type { ResolvedTarget } from '../transform/index.js';
import type { ComputeArtifact } from './artifacts-schema.js';

/** A pipeline job's resources on `target`: its preset, in Kubernetes quantity strings. */
function jobResources(target: ComputeTarget, presets: ResourcePresets | undefined): ComputeArtifact['resources'] {
  const preset = target.resource_preset ?? 'medium';
  const amounts = presets?.[preset];
  if (!amounts) return undefined;
  const quantities = (values: Record<string, string | number | undefined> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(values ?? {}).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
  return { preset, requests: quantities(amounts.requests), limits: quantities(amounts.limits) };
}

export function compiledCompute(target: ComputeTarget, presets?: ResourcePresets): ComputeArtifact {
  const resources = jobResources(target, presets);
  if (target.type === 'duckdb') {
    const { path, schema, memory_limit, threads } = target.config;
    return { name: target.name, type: 'duckdb', threads: threads ?? 1, ...(resources ? { resources } : {}), config: { path, schema, ...(memory_limit ? { memory_limit } : {}) } };
  }
  const { host, port, database, schema, user, sslmode, threads } = target.config;
  return {
    name: target.name,
    type: 'postgres',
    threads: threads ?? 1,
    ...(resources ? { resources } : {}),
    config: {
      host,
      port,
      dbname: database,
      schema,
      ...(user ? { user } : {}),
      ...(sslmode ? { sslmode } : {}),
      // The password is a reference; the runtime resolves it right before connecting.
      ...(target.connection_secret_ref ? { password: { secret_ref: target.connection_secret_ref } } : {}),
    },
  };
}

export interface TargetOptions {
  /** Absolute product directory: DuckDB paths are relative to it. */
  productDir: string;
  profileName: string;
  targetName: string;
  /** Turns a secret reference into its value (run time only). Without it, references stay as they are. */
  resolveSecret?: (ref: SecretRef) => string;
}

/** The transform engine's target for a compiled compute (`loadProject({ profileOverride })`, adapters). */
export function profileTargetFor(compute: ComputeArtifact, options: TargetOptions): ResolvedTarget {
  const config: Record<string, unknown> & { type: string } = { type: compute.type };
  for (const [key, value] of Object.entries(compute.config)) {
    config[key] = options.resolveSecret && isSecretValue(value) ? options.resolveSecret(value.secret_ref) : value;
  }
  if (compute.type === 'duckdb') {
    const path = String(config.path ?? ':memory:');
    config.path = path === ':memory:' || isAbsolute(path) ? path : join(options.productDir, path);
  }
  return { profileName: options.profileName, targetName: options.targetName, threads: compute.threads, config };
}

function isSecretValue(value: unknown): value is { secret_ref: SecretRef } {
  return value !== null && typeof value === 'object' && 'secret_ref' in value;
}
