import { FloeError, didYouMean } from '../errors/index.js';
import type { ComputeAdapter, ComputeTargetConfig, CreateAdapterOptions } from './adapter.js';
import { engineRegistry } from './engine-registry.js';
import type { LooseTargetConfig } from './target-config.js';

/** The engine types floe can connect to (`duckdb`, `postgres`). */
export function computeEngineTypes(): string[] {
  return Object.keys(engineRegistry);
}

/**
 * Open the engine a target names. The config may be typed or as the profile
 * wrote it (values still strings after env_var()); bad settings fail with
 * `FLOE_COMPUTE_CONFIG`, an unknown `type` with `FLOE_COMPUTE_UNKNOWN_TYPE`,
 * an engine that cannot be reached with `FLOE_COMPUTE_CONNECT` (no secrets in
 * the message). Close the adapter when done.
 */
export async function createAdapter(config: ComputeTargetConfig | LooseTargetConfig, options: CreateAdapterOptions = {}): Promise<ComputeAdapter> {
  const type = typeof config.type === 'string' ? config.type.trim().toLowerCase() : '';
  const factory = Object.hasOwn(engineRegistry, type) ? engineRegistry[type] : undefined;
  if (!factory) {
    const known = computeEngineTypes();
    const suggestion = didYouMean(String(config.type ?? ''), known);
    throw new FloeError('FLOE_COMPUTE_UNKNOWN_TYPE', `unknown compute engine type '${String(config.type ?? '')}'`, {
      hint: `${suggestion ? `${suggestion} ` : ''}floe supports: ${known.join(', ')}`,
    });
  }
  return factory(config as LooseTargetConfig, options);
}
