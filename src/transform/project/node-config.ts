/**
 * A node's effective config: resource defaults < dbt_project.yml tree (outer
 * to inner folder) < property YAML `config:` < in-file `{{ config() }}`.
 */
import { FloeError, type SourcePosition } from '../../errors/index.js';
import type { NodeConfig, ResourceType } from '../types.js';
import { KNOWN_CONFIG_KEYS, mergeConfig, normalizeConfigKey, unknownConfigWarning } from './config-keys.js';

export function defaultConfig(resourceType: ResourceType): Record<string, unknown> {
  const base: Record<string, unknown> = { enabled: true, tags: [], meta: {} };
  switch (resourceType) {
    case 'model':
      return { ...base, materialized: 'view', persist_docs: {}, pre_hook: [], post_hook: [], quoting: {}, column_types: {}, on_schema_change: 'ignore', docs: { show: true, node_color: null }, contract: { enforced: false, alias_types: true }, grants: {}, packages: [], access: 'protected' };
    case 'seed':
      return { ...base, materialized: 'seed', persist_docs: {}, pre_hook: [], post_hook: [], quoting: {}, column_types: {}, delimiter: ',', docs: { show: true, node_color: null }, grants: {}, packages: [] };
    case 'test':
      return { ...base, materialized: 'test', severity: 'error', warn_if: '!= 0', error_if: '!= 0', fail_calc: 'count(*)', store_failures: undefined };
    case 'snapshot':
      return { ...base, materialized: 'snapshot', pre_hook: [], post_hook: [] };
    default:
      return base;
  }
}

/**
 * Merges config layers (last wins). Nodes in one folder share their
 * dbt_project.yml layers, so defaults + tree layers are merged once per
 * distinct chain of tree levels and copied per node.
 */
export class ConfigResolver {
  private readonly layerIds = new WeakMap<object, number>();
  private nextId = 0;
  private readonly bases = new Map<string, Record<string, unknown>>();

  resolve(resourceType: ResourceType, treeLayers: Array<Record<string, unknown>>, otherLayers: Array<Record<string, unknown>>): Record<string, unknown> {
    let key: string = resourceType;
    for (const layer of treeLayers) {
      let id = this.layerIds.get(layer);
      if (id === undefined) this.layerIds.set(layer, (id = this.nextId++));
      key += `:${id}`;
    }
    let base = this.bases.get(key);
    if (!base) {
      base = defaultConfig(resourceType);
      for (const layer of treeLayers) mergeConfig(base, layer);
      this.bases.set(key, base);
    }
    // mergeConfig never mutates nested values in place, so a shallow copy is enough.
    const config: Record<string, unknown> = { ...base, tags: [...(base.tags as unknown[])], meta: { ...(base.meta as Record<string, unknown>) } };
    for (const layer of otherLayers) mergeConfig(config, layer);
    return config;
  }
}

/** Warnings for config keys floe does not know (YAML `config:` and `{{ config() }}`). */
export function checkConfigKeys(values: Record<string, unknown>, position: SourcePosition, warnings: FloeError[]): void {
  for (const key of Object.keys(values)) {
    const name = normalizeConfigKey(key);
    if (!KNOWN_CONFIG_KEYS.has(name)) warnings.push(unknownConfigWarning(name, position));
  }
}

/** Validate and coerce the values the engine relies on; errors are located at `position`. */
export function finalizeConfig(config: Record<string, unknown>, position: SourcePosition, nodeLabel: string, errors: FloeError[]): NodeConfig {
  const invalid = (key: string, expected: string): void => {
    errors.push(
      new FloeError('FLOE_CONFIG_INVALID', `${nodeLabel}: config '${key}' must be ${expected}, got ${JSON.stringify(config[key])}`, { position }),
    );
  };
  if (typeof config.enabled === 'string') config.enabled = config.enabled.toLowerCase() === 'true';
  if (typeof config.enabled !== 'boolean') invalid('enabled', 'true or false');
  config.tags = (Array.isArray(config.tags) ? config.tags : [config.tags]).filter((t) => t !== undefined && t !== null).map(String);
  if (config.meta === null || typeof config.meta !== 'object' || Array.isArray(config.meta)) {
    invalid('meta', 'a mapping');
    config.meta = {};
  }
  if (typeof config.severity === 'string') {
    const severity = config.severity.toLowerCase();
    if (severity === 'error' || severity === 'warn') config.severity = severity;
    else invalid('severity', "'error' or 'warn'");
  }
  if (config.limit !== undefined && config.limit !== null) {
    const limit = Number(config.limit);
    if (!Number.isInteger(limit) || limit < 0) invalid('limit', 'a whole number');
    else config.limit = limit;
  }
  if (config.where === null) delete config.where;
  for (const key of ['pre_hook', 'post_hook']) {
    if (config[key] !== undefined) config[key] = (Array.isArray(config[key]) ? (config[key] as unknown[]) : [config[key]]).map((hook) => (typeof hook === 'object' && hook !== null && 'sql' in hook ? String((hook as { sql: unknown }).sql) : String(hook)));
  }
  if (config.on_schema_change !== undefined && !['ignore', 'fail', 'append_new_columns', 'sync_all_columns'].includes(String(config.on_schema_change))) {
    invalid('on_schema_change', 'one of ignore, fail, append_new_columns, sync_all_columns');
  }
  if (config.incremental_strategy !== undefined && config.incremental_strategy !== null && !['append', 'merge', 'delete+insert', 'microbatch', 'insert_overwrite'].includes(String(config.incremental_strategy))) {
    invalid('incremental_strategy', 'one of append, merge, delete+insert');
  }
  return config as NodeConfig;
}
