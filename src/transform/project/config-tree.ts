/**
 * Config trees in dbt_project.yml (`models:`, `seeds:`, `data_tests:`, …):
 * levels keyed by package, then folders, then the node name. dbt's rule for
 * telling configs from folders: a `+key` is always a config, a bare key with a
 * scalar or list value is a config, a bare key with a mapping value is a
 * folder. floe adds one kindness: a bare mapping under a known mapping-valued
 * config name (`meta`, `docs`, …) is a config when no folder has that name.
 */
import type { FloeError } from '../../errors/index.js';
import { KNOWN_CONFIG_KEYS, MAPPING_CONFIG_KEYS, mergeConfig, normalizeConfigKey, unknownConfigWarning } from './config-keys.js';
import { isMapping, type YamlPositions } from './yaml-with-positions.js';

interface Level {
  config: Record<string, unknown>;
  children: Map<string, Level>;
  raw: Record<string, unknown>;
  /** Dotted path for messages, e.g. `models.jaffle.staging`. */
  path: string;
  used: boolean;
}

export class ConfigTree {
  private readonly root: Level | undefined;

  /**
   * @param raw the tree as written
   * @param rootKey its key in dbt_project.yml, for messages
   * @param segmentNames every package, folder and node name that exists (to decide the `meta`-as-folder question)
   */
  constructor(
    raw: unknown,
    rootKey: string,
    segmentNames: ReadonlySet<string>,
    private readonly positions: YamlPositions,
    warnings: FloeError[],
    /** Renders Jinja in a config value (dbt renders dbt_project.yml configs at parse time). */
    private readonly renderValue: (value: unknown, position: ReturnType<YamlPositions['of']>) => unknown = (value) => value,
  ) {
    this.root = isMapping(raw) ? this.build(raw, rootKey, segmentNames, warnings) : undefined;
  }

  private build(raw: Record<string, unknown>, path: string, segmentNames: ReadonlySet<string>, warnings: FloeError[]): Level {
    const level: Level = { config: {}, children: new Map(), raw, path, used: false };
    for (const [key, value] of Object.entries(raw)) {
      const isConfig =
        key.startsWith('+') || !isMapping(value) || (MAPPING_CONFIG_KEYS.has(key) && !segmentNames.has(key));
      if (isConfig) {
        const name = normalizeConfigKey(key);
        if (!KNOWN_CONFIG_KEYS.has(name)) warnings.push(unknownConfigWarning(name, this.positions.key(raw, key)));
        // Hooks render at run time (they may use {{ this }}), as in dbt.
        const isHook = name === 'pre_hook' || name === 'post_hook';
        mergeConfig(level.config, { [name]: isHook ? value : this.renderValue(value, this.positions.key(raw, key)) });
      } else {
        level.children.set(key, this.build(value as Record<string, unknown>, `${path}.${key}`, segmentNames, warnings));
      }
    }
    return level;
  }

  /** Configs that apply to a node with this fqn, from the least to the most specific level. */
  configsFor(fqn: readonly string[]): Array<Record<string, unknown>> {
    const result: Array<Record<string, unknown>> = [];
    let level = this.root;
    if (!level) return result;
    level.used = true;
    result.push(level.config);
    for (const segment of fqn) {
      level = level.children.get(segment);
      if (!level) break;
      level.used = true;
      result.push(level.config);
    }
    return result;
  }

  /** Folder paths in the tree that matched no resource (dbt warns about these too). */
  unusedPaths(): Array<{ path: string; position: ReturnType<YamlPositions['of']> }> {
    const result: Array<{ path: string; position: ReturnType<YamlPositions['of']> }> = [];
    const visit = (level: Level, parent: Level | undefined, key: string | undefined): void => {
      if (!level.used && parent && key !== undefined) {
        result.push({ path: level.path, position: this.positions.key(parent.raw, key) });
        return;
      }
      for (const [childKey, child] of level.children) visit(child, level, childKey);
    };
    if (this.root) visit(this.root, undefined, undefined);
    return result;
  }
}
