/**
 * Every compute engine floe knows, by its `type` (the profile's `type:` and
 * the `adapter.dispatch` prefix). Adding an engine is adding its folder and
 * one line here.
 */
import type { ComputeAdapter, CreateAdapterOptions } from './adapter.js';
import { DuckDbAdapter } from './duckdb/index.js';
import { PostgresAdapter } from './postgres/index.js';
import type { LooseTargetConfig } from './target-config.js';

export type AdapterFactory = (config: LooseTargetConfig, options: CreateAdapterOptions) => Promise<ComputeAdapter>;

export const engineRegistry: Readonly<Record<string, AdapterFactory>> = {
  duckdb: (config, options) => DuckDbAdapter.create(config, options),
  postgres: (config, options) => PostgresAdapter.create(config, options),
};
