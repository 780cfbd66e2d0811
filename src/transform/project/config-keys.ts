/**
 * The config names floe knows (dbt's general, per-resource and the common
 * DuckDB/PostgreSQL adapter configs) and how values from several levels merge.
 */
import { FloeError, didYouMean, type SourcePosition } from '../../errors/index.js';

const GENERAL = [
  'enabled', 'materialized', 'database', 'schema', 'alias', 'tags', 'meta', 'docs', 'group', 'access',
  'persist_docs', 'pre_hook', 'post_hook', 'quoting', 'full_refresh', 'grants', 'packages', 'contract',
  'unique_key', 'incremental_strategy', 'on_schema_change', 'on_configuration_change', 'sql_header',
  'event_time', 'batch_size', 'lookback', 'begin', 'concurrent_batches', 'incremental_predicates',
  'merge_update_columns', 'merge_exclude_columns', 'column_types', 'description', 'freshness',
];
const SEEDS = ['delimiter', 'quote_columns'];
const TESTS = ['severity', 'warn_if', 'error_if', 'fail_calc', 'where', 'limit', 'store_failures', 'store_failures_as'];
const SNAPSHOTS = [
  'strategy', 'updated_at', 'check_cols', 'target_schema', 'target_database', 'snapshot_meta_column_names',
  'dbt_valid_to_current', 'hard_deletes', 'invalidate_hard_deletes',
];
const SOURCES = ['loaded_at_field', 'loaded_at_query'];
/** Adapter configs of dbt-duckdb and dbt-postgres that projects commonly set. */
const ADAPTERS = ['indexes', 'unlogged', 'location', 'format', 'options', 'partition_by', 'file_format', 'plugin', 'glue_register', 'overwrite'];

export const KNOWN_CONFIG_KEYS: ReadonlySet<string> = new Set([...GENERAL, ...SEEDS, ...TESTS, ...SNAPSHOTS, ...SOURCES, ...ADAPTERS]);

/** Configs whose value is a mapping; they must be written `+name` in a config tree unless no folder has that name. */
export const MAPPING_CONFIG_KEYS: ReadonlySet<string> = new Set(['meta', 'docs', 'persist_docs', 'quoting', 'grants', 'contract', 'column_types', 'freshness', 'snapshot_meta_column_names']);

const APPEND = new Set(['tags', 'pre_hook', 'post_hook', 'packages']);
const UPDATE = new Set(['meta', 'docs', 'persist_docs', 'quoting', 'grants', 'contract', 'column_types']);

/** `+pre-hook` / `pre-hook` → `pre_hook`. */
export function normalizeConfigKey(key: string): string {
  const bare = key.startsWith('+') ? key.slice(1).trim() : key;
  if (bare === 'pre-hook') return 'pre_hook';
  if (bare === 'post-hook') return 'post_hook';
  return bare;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Merge `next` over `base` with dbt's per-key behaviour: append tags/hooks, update dicts, otherwise replace. Mutates and returns base. */
export function mergeConfig(base: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  for (const [rawKey, value] of Object.entries(next)) {
    const key = normalizeConfigKey(rawKey);
    if (APPEND.has(key)) {
      const merged = asList(base[key]).slice();
      for (const item of asList(value)) if (key !== 'tags' || !merged.includes(item)) merged.push(item);
      base[key] = merged;
    } else if (UPDATE.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const current = base[key];
      base[key] = { ...(current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {}), ...value };
    } else {
      base[key] = value;
    }
  }
  return base;
}

export function unknownConfigWarning(key: string, position: SourcePosition): FloeError {
  const suggestion = didYouMean(key, KNOWN_CONFIG_KEYS);
  return new FloeError('FLOE_UNKNOWN_CONFIG', `unknown config '${key}' (kept, but floe does not use it)`, {
    severity: 'warning',
    position,
    hint: suggestion || 'check the spelling; adapter-specific configs of other engines are ignored here',
  });
}
