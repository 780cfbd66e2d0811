/**
 * Merging a child manifest onto its parent. A child may tighten, never
 * loosen: stricter enforcement, higher coverage, narrower approved lists.
 * Every violation is an error at the child's key that names both files.
 * Works on the raw (pre-default) data so "not set" means "inherit".
 */
import { FloeError } from '../errors/index.js';
import { ENFORCEMENT_LEVELS, type EnforcementLevel } from './governance-schema.js';
import type { Manifest } from './manifest-schema.js';
import { PLUGIN_CATEGORIES } from './plugins-schema.js';
import { positionOf, valueAt, type ConfigPath, type YamlSource } from './yaml-source.js';
import { displayPath } from './config-issues.js';

export type RawObject = Record<string, unknown>;

function isObject(value: unknown): value is RawObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Objects merge key by key; anything else the child sets replaces the parent's. */
export function deepMerge(parent: unknown, child: unknown): unknown {
  if (child === undefined) return parent;
  if (isObject(parent) && isObject(child)) {
    const merged: RawObject = { ...parent };
    for (const [key, value] of Object.entries(child)) merged[key] = deepMerge(parent[key], value);
    return merged;
  }
  return child;
}

const rank = (level: EnforcementLevel) => ENFORCEMENT_LEVELS.indexOf(level);
export function stricterLevel(a: EnforcementLevel, b: EnforcementLevel): EnforcementLevel {
  return rank(a) >= rank(b) ? a : b;
}

interface Layer {
  source: YamlSource;
  raw: RawObject;
}

interface Parent {
  /** The parent file (the nearest ancestor). */
  path: string;
  raw: RawObject;
  effective: Manifest;
}

function asNames(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map((item) => (isObject(item) ? String(item.name) : String(item))) : undefined;
}

export function mergeManifestLayer(parent: Parent, child: Layer): { raw: RawObject; errors: FloeError[] } {
  const errors: FloeError[] = [];
  const loosened = (path: ConfigPath, message: string, hint: string, at: 'key' | 'value' = 'value') =>
    errors.push(
      new FloeError('FLOE_MANIFEST_LOOSENED', `\`${displayPath(path)}\`: ${message} (parent: ${parent.path}, child: ${child.source.path}); a child manifest may only tighten its parent's rules`, {
        position: positionOf(child.source, path, at),
        hint,
      }),
    );
  const set = (path: ConfigPath) => valueAt(child.raw, path);
  const governance = parent.effective.governance;

  // Enforcement levels: only stricter.
  const levels: Array<[ConfigPath, EnforcementLevel]> = [
    [['governance', 'policy_enforcement_level'], governance.policy_enforcement_level],
    [['governance', 'naming', 'enforcement'], governance.naming.enforcement],
  ];
  for (const [path, inherited] of levels) {
    const level = set(path) as EnforcementLevel | undefined;
    if (level !== undefined && rank(level) < rank(inherited)) {
      loosened(path, `lowered from ${inherited} to ${level}`, `remove the key to inherit '${inherited}', or set it to ${ENFORCEMENT_LEVELS.slice(rank(inherited)).join(' or ')}`);
    }
  }

  // A naming pattern the parent chose stays.
  const parentPattern = valueAt(parent.raw, ['governance', 'naming', 'pattern']);
  const childPattern = set(['governance', 'naming', 'pattern']);
  if (parentPattern !== undefined && childPattern !== undefined && childPattern !== parentPattern) {
    loosened(['governance', 'naming', 'pattern'], `replaces the naming pattern ${String(parentPattern)} with ${String(childPattern)}`, `remove the key to inherit '${String(parentPattern)}'`);
  }

  // Coverage: only raise.
  const gates = governance.quality_gates;
  const thresholds: Array<[ConfigPath, number]> = [
    [['governance', 'quality_gates', 'minimum_test_coverage'], gates.minimum_test_coverage],
    ...(['bronze', 'silver', 'gold'] as const).map((tier): [ConfigPath, number] => [['governance', 'quality_gates', 'layer_thresholds', tier], gates.layer_thresholds[tier]]),
  ];
  for (const [path, inherited] of thresholds) {
    const value = set(path);
    if (typeof value === 'number' && value < inherited) {
      loosened(path, `lowered from ${inherited} to ${value}`, `remove the key to inherit ${inherited}, or set ${inherited} or more`);
    }
  }

  // Requirements switched on stay on.
  const switches: Array<[ConfigPath, boolean]> = [
    [['governance', 'quality_gates', 'require_descriptions'], gates.require_descriptions],
    [['governance', 'quality_gates', 'require_column_descriptions'], gates.require_column_descriptions],
    [['governance', 'quality_gates', 'block_on_failure'], gates.block_on_failure],
    [['governance', 'audit_logging'], governance.audit_logging],
  ];
  for (const [path, inherited] of switches) {
    if (inherited && set(path) === false) loosened(path, 'switched off, but the parent requires it', 'remove the key to inherit true');
  }

  // Approved lists: only narrow.
  const parentCompute = new Map(parent.effective.compute.approved.map((target) => [target.name, target]));
  const childCompute = set(['compute', 'approved']);
  if (Array.isArray(childCompute)) {
    childCompute.forEach((target, index) => {
      if (!isObject(target) || typeof target.name !== 'string') return;
      const inherited = parentCompute.get(target.name);
      if (!inherited) {
        loosened(['compute', 'approved', index, 'name'], `approves compute '${target.name}', which the parent does not approve (it approves: ${[...parentCompute.keys()].join(', ')})`, 'a child may only approve a subset of its parent\'s compute; ask the parent manifest\'s owners to approve it');
      } else if (target.type !== undefined && target.type !== inherited.type) {
        loosened(['compute', 'approved', index, 'type'], `compute '${target.name}' is ${String(target.type)} here but ${inherited.type} in the parent`, `use type ${inherited.type}`);
      }
    });
  }

  const parentProducts = parent.effective.approved_products;
  const childProducts = asNames(set(['approved_products']));
  if (parentProducts && childProducts) {
    childProducts.forEach((name, index) => {
      if (!parentProducts.includes(name)) {
        loosened(['approved_products', index], `approves product '${name}', which the parent does not approve`, `the parent approves: ${parentProducts.join(', ')}`);
      }
    });
  }

  for (const category of PLUGIN_CATEGORIES) {
    const inherited = parent.effective.approved_plugins?.[category];
    const own = asNames(set(['approved_plugins', category]));
    if (!inherited || !own) continue;
    own.forEach((type, index) => {
      if (!inherited.includes(type)) {
        loosened(['approved_plugins', category, index], `approves ${category} plugin '${type}', which the parent does not approve`, `the parent approves: ${inherited.join(', ') || '(none)'}`);
      }
    });
  }

  return { raw: mergeRaw(parent, child.raw), errors };
}

function mergeRaw(parent: Parent, child: RawObject): RawObject {
  const merged = deepMerge(structuredClone(parent.raw), structuredClone(child)) as RawObject;
  // Identity is the child's own.
  for (const key of ['apiVersion', 'kind', 'metadata', 'scope', 'parent']) {
    if (key in child) merged[key] = child[key];
    else delete merged[key];
  }
  // A plugin selection is replaced whole: another type's config makes no sense.
  if (isObject(child.plugins) && isObject(merged.plugins)) {
    for (const [category, selection] of Object.entries(child.plugins)) merged.plugins[category] = selection;
  }
  // The parent's default compute only survives if the child still approves it.
  const compute = merged.compute;
  if (isObject(compute) && isObject(child.compute) && child.compute.default === undefined) {
    const names = asNames(compute.approved) ?? [];
    if (!names.includes(String(compute.default))) delete compute.default;
  }
  // Environment overlays of compute the child no longer approves are dropped with it.
  if (isObject(compute) && isObject(merged.environments)) {
    const names = asNames(compute.approved) ?? [];
    for (const overlay of Object.values(merged.environments)) {
      if (isObject(overlay) && isObject(overlay.compute)) {
        for (const name of Object.keys(overlay.compute)) if (!names.includes(name)) delete overlay.compute[name];
      }
    }
  }
  const governance = merged.governance;
  if (isObject(governance)) {
    governance.policy_enforcement_level = stricterLevel(
      parent.effective.governance.policy_enforcement_level,
      (valueAt(child, ['governance', 'policy_enforcement_level']) as EnforcementLevel | undefined) ?? 'off',
    );
    // Rules and overrides accumulate down the chain.
    const concat = (path: ConfigPath) => {
      const inherited = valueAt(parent.raw, path);
      const own = valueAt(child, path);
      if (Array.isArray(inherited) && Array.isArray(own)) {
        const target = valueAt(merged, path.slice(0, -1));
        if (isObject(target)) target[String(path[path.length - 1])] = [...inherited, ...own];
      }
    };
    concat(['governance', 'classification', 'rules']);
    concat(['governance', 'policy_overrides']);
  }
  return merged;
}
