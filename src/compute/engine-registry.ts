/**
 * Every compute engine floe knows, by its `type` (the profile's `type:` and
 * the `adapter.dispatch` prefix). Adding an engine is adding its folder and
 * one line here. Engines are imported when first opened, so a command that
 * never connects (`floe ls`, `floe validate`) does not load native drivers.
 */
import type { ComputeAdapter, CreateAdapterOptions } from './adapter.js';
import type { LooseTargetConfig } from './target-config.js';

export type AdapterFactory = (config: LooseTargetConfig, options: CreateAdapterOptions) => Promise<ComputeAdapter>;

export const engineRegistry: Readonly<Record<string, AdapterFactory>> = {
  duckdb: async (config, options) => (await import('./duckdb/index.js')).DuckDbAdapter.create(config, options),
  postgres: async (config, options) => (await import('./postgres/index.js')).PostgresAdapter.create(config, options),
};
