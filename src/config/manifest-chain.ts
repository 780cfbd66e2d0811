/**
 * Following `parent` from a manifest up to its root, then merging root →
 * leaf into the effective manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FloeError, type SourcePosition } from '../errors/index.js';
import { issuesToErrors, sortByPosition } from './config-issues.js';
import { loadManifestSource } from './load-config-file.js';
import { mergeManifestLayer, type RawObject } from './manifest-merge.js';
import { manifestSchema, type Manifest } from './manifest-schema.js';
import { defaultParentResolvers, resolveParentReference, type ManifestOrigin, type ParentManifestResolver } from './parent-resolvers.js';
import { positionOf, valueAt, type ConfigPath, type YamlSource } from './yaml-source.js';

export interface ManifestChainEntry {
  /** The file as reached: the path given, then parents joined onto it. */
  path: string;
  name: string;
  version: string;
  scope: 'enterprise' | 'domain' | 'standalone';
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
  /** Set when the manifest came from a registry: the reference and the digest it resolved to. */
  oci?: ManifestOrigin;
}

export interface ManifestChain {
  /** The merged manifest; present only when there are no errors. */
  effective?: Manifest;
  /** Root (enterprise) first, the manifest you asked for last. */
  chain: ManifestChainEntry[];
  errors: FloeError[];
  warnings: FloeError[];
  /**
   * Where a key of the effective manifest was set (the nearest file that sets
   * it), e.g. `locate(['governance', 'policy_overrides', 2])` for a finding.
   */
  locate(path: ConfigPath): SourcePosition | undefined;
}

export interface ResolveManifestChainOptions {
  /** How `parent` references become files; local paths and (refused) `oci://` by default. */
  resolvers?: readonly ParentManifestResolver[];
  /** Where `manifestPath` itself came from, when it was resolved from an oci:// reference. */
  origin?: ManifestOrigin;
}

interface Layer {
  path: string;
  origin?: ManifestOrigin;
  source: YamlSource;
  raw: RawObject;
  value: Manifest;
}

/** Arrays that accumulate down the chain, so an effective index maps back to one file. */
const ACCUMULATED: ConfigPath[] = [
  ['governance', 'policy_overrides'],
  ['governance', 'classification', 'rules'],
];

function makeLocate(layers: Layer[]): (path: ConfigPath) => SourcePosition | undefined {
  // layers: root first.
  return (path) => {
    for (const prefix of ACCUMULATED) {
      const index = path[prefix.length];
      if (typeof index === 'number' && prefix.every((segment, at) => path[at] === segment)) {
        let offset = index;
        for (const layer of layers) {
          const own = valueAt(layer.raw, prefix);
          const count = Array.isArray(own) ? own.length : 0;
          if (offset < count) return positionOf(layer.source, [...prefix, offset, ...path.slice(prefix.length + 1)]);
          offset -= count;
        }
        return undefined;
      }
    }
    for (const layer of [...layers].reverse()) {
      if (valueAt(layer.raw, path) !== undefined) return positionOf(layer.source, path);
    }
    return undefined;
  };
}

function chainEntry(layer: Layer): ManifestChainEntry {
  return {
    path: layer.path,
    name: layer.value.metadata.name,
    version: layer.value.metadata.version,
    scope: layer.value.scope ?? 'standalone',
    sha256: createHash('sha256').update(layer.source.text).digest('hex'),
    ...(layer.origin ? { oci: layer.origin } : {}),
  };
}

export function resolveManifestChain(manifestPath: string, options: ResolveManifestChainOptions = {}): ManifestChain {
  const resolvers = options.resolvers ?? defaultParentResolvers;
  const errors: FloeError[] = [];
  const warnings: FloeError[] = [];
  const leafFirst: Layer[] = [];
  const scopeErrors: FloeError[] = [];
  const visited = new Map<string, number>();
  let path = manifestPath;
  let origin = options.origin;

  for (;;) {
    const absolute = resolve(path);
    const seenAt = visited.get(absolute);
    if (seenAt !== undefined) {
      const cycle = [...leafFirst.slice(seenAt).map((layer) => layer.path), path];
      const closing = leafFirst[leafFirst.length - 1];
      errors.push(
        new FloeError('FLOE_MANIFEST_CYCLE', `manifest inheritance cycle: ${cycle.join(' → ')}`, {
          position: positionOf(closing.source, ['parent']),
          hint: 'the chain must end at an enterprise (or standalone) manifest without a parent; remove one of these `parent` keys',
        }),
      );
      break;
    }
    visited.set(absolute, leafFirst.length);
    const loaded = loadManifestSource(path);
    errors.push(...loaded.errors);
    warnings.push(...loaded.warnings);
    if (!loaded.value || !loaded.source) break;
    const layer: Layer = { path, origin, source: loaded.source, raw: loaded.source.data as RawObject, value: loaded.value };
    const child = leafFirst[leafFirst.length - 1];
    if (child && layer.value.scope !== 'enterprise') {
      scopeErrors.push(
        new FloeError('FLOE_MANIFEST_SCOPE', `the parent of a domain manifest must be an enterprise manifest, but ${path} is ${layer.value.scope ?? 'standalone'}`, {
          position: positionOf(child.source, ['parent']),
          hint: `set \`scope: enterprise\` in ${path}, or point \`parent\` at the enterprise manifest`,
        }),
      );
    }
    leafFirst.push(layer);
    const reference = layer.value.parent;
    if (reference === undefined) break;
    const resolution = resolveParentReference(reference, path, resolvers);
    if ('error' in resolution) {
      errors.push(new FloeError(resolution.code, resolution.error, { position: positionOf(layer.source, ['parent']), hint: resolution.hint }));
      break;
    }
    if (!existsSync(resolution.path)) {
      errors.push(
        new FloeError('FLOE_MANIFEST_PARENT_NOT_FOUND', `parent manifest not found: ${resolution.path} (from \`parent: ${reference}\` in ${path})`, {
          position: positionOf(layer.source, ['parent']),
          hint: 'the parent path is relative to the file that names it; check the path',
        }),
      );
      break;
    }
    path = resolution.path;
    origin = resolution.origin;
  }

  // In a cycle every file has a parent, so scope complaints would only be noise.
  if (!errors.some((error) => error.code === 'FLOE_MANIFEST_CYCLE')) errors.push(...scopeErrors);
  const layers = [...leafFirst].reverse();
  const chain = layers.map(chainEntry);
  const locate = makeLocate(layers);
  if (errors.length > 0 || layers.length === 0) return { chain, errors: sortByPosition(errors), warnings, locate };

  let raw = layers[0].raw;
  let effective = layers[0].value;
  for (let index = 1; index < layers.length; index++) {
    const merged = mergeManifestLayer({ path: layers[index - 1].path, raw, effective }, { source: layers[index].source, raw: layers[index].raw });
    errors.push(...merged.errors);
    raw = merged.raw;
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) {
      // The merge of valid files broke a cross-key rule (e.g. a default compute no longer approved): report it in the child.
      errors.push(...issuesToErrors(parsed.error.issues, layers[index].source, manifestSchema));
      break;
    }
    effective = parsed.data;
  }
  if (errors.length > 0) return { chain, errors: sortByPosition(errors), warnings, locate };
  return { effective, chain, errors: [], warnings, locate };
}
