/**
 * One function per selection method: which nodes/sources an atom's
 * `method:value` matches (graph operators are applied afterwards).
 */
import type { ManifestNode, SourceTable } from '../types.js';
import { globMatch, hasWildcard, globToRegExp } from './glob-pattern.js';
import type { SelectorAtom } from './selector-syntax.js';

export type Selectable = ManifestNode | SourceTable;
type Method = (atom: SelectorAtom, candidate: Selectable) => boolean;

function isSource(candidate: Selectable): candidate is SourceTable {
  return candidate.resourceType === 'source';
}

/** dbt's is_selected_node: a dotted selector matched against an fqn, with `*` slurping the rest. */
function fqnMatches(fqn: readonly string[], selector: string): boolean {
  if (fqn[fqn.length - 1] === selector) return true;
  // Fast path for a plain name: it can only be the node name (checked above) or the first segment.
  if (!selector.includes('.') && !hasWildcard(selector) && !fqn[0].includes('.')) return fqn[0] === selector;
  const flat = fqn.flatMap((segment) => segment.split('.'));
  const parts = selector.split('.');
  if (flat.length < parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    if (hasWildcard(parts[i])) return globToRegExp(parts.slice(i).join('.')).test(flat.slice(i).join('.'));
    if (flat[i] !== parts[i]) return false;
  }
  return true;
}

/** The selector may name a path or folder; globs match the path or any of its folders. */
function pathMatches(filePath: string, selector: string): boolean {
  const wanted = selector.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (hasWildcard(wanted)) {
    const regex = globToRegExp(wanted);
    let current = filePath;
    for (;;) {
      if (regex.test(current)) return true;
      const slash = current.lastIndexOf('/');
      if (slash < 0) return false;
      current = current.slice(0, slash);
    }
  }
  return filePath === wanted || filePath.startsWith(`${wanted}/`);
}

function configValue(candidate: Selectable, keys: string[]): unknown {
  let value: unknown = isSource(candidate) ? { tags: candidate.tags, meta: candidate.meta, enabled: true } : candidate.config;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function valueMatches(value: unknown, selector: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => valueMatches(item, selector));
  if (typeof value === 'boolean') return String(value) === selector.toLowerCase();
  return globMatch(String(value), selector);
}

export const selectorMethods: Record<string, Method> = {
  fqn(atom, candidate) {
    if (isSource(candidate)) return false;
    if (atom.value === '*') return true;
    return fqnMatches(candidate.fqn, atom.value) || fqnMatches(candidate.fqn.slice(1), atom.value);
  },
  tag(atom, candidate) {
    const tags = isSource(candidate) ? candidate.tags : candidate.config.tags;
    return tags.some((tag) => globMatch(tag, atom.value));
  },
  path(atom, candidate) {
    return pathMatches(candidate.originalFilePath, atom.value);
  },
  file(atom, candidate) {
    const name = candidate.originalFilePath.split('/').pop() ?? '';
    return globMatch(name, atom.value) || globMatch(name.replace(/\.[^.]*$/, ''), atom.value);
  },
  config(atom, candidate) {
    return valueMatches(configValue(candidate, atom.methodArguments), atom.value);
  },
  resource_type(atom, candidate) {
    return candidate.resourceType === atom.value;
  },
  source(atom, candidate) {
    if (!isSource(candidate)) return false;
    const parts = atom.value.split('.');
    if (parts.length === 1) return globMatch(candidate.sourceName, parts[0]);
    if (parts.length === 2) return globMatch(candidate.sourceName, parts[0]) && globMatch(candidate.name, parts[1]);
    return globMatch(candidate.packageName, parts[0]) && globMatch(candidate.sourceName, parts[1]) && globMatch(candidate.name, parts.slice(2).join('.'));
  },
  test_type(atom, candidate) {
    if (candidate.resourceType !== 'test') return false;
    const generic = candidate.testMetadata !== undefined;
    if (atom.value === 'generic' || atom.value === 'schema') return generic;
    if (atom.value === 'singular' || atom.value === 'data') return !generic;
    return false;
  },
  test_name(atom, candidate) {
    return !isSource(candidate) && candidate.testMetadata !== undefined && globMatch(candidate.testMetadata.name, atom.value);
  },
  package(atom, candidate) {
    return globMatch(candidate.packageName, atom.value);
  },
};
