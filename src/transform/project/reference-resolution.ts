/** ref() and source() calls → dependencies, with located "did you mean" errors. */
import { FloeError, nearestName, type SourcePosition } from '../../errors/index.js';
import type { ManifestNode, RefCall, SourceTable } from '../types.js';

export interface ReferenceIndex {
  /** Enabled models/seeds/snapshots by name (several packages may share a name). */
  refable: Map<string, ManifestNode[]>;
  /** Names of disabled refable nodes. */
  disabled: Map<string, string>;
  /** Source tables by `source_name.table_name` (several packages may declare the same). */
  sources: Map<string, SourceTable[]>;
  disabledSources: Set<string>;
}

export function buildReferenceIndex(nodes: Iterable<ManifestNode>, sources: Iterable<SourceTable>, disabled: Map<string, string>, disabledSources: Set<string>): ReferenceIndex {
  const refable = new Map<string, ManifestNode[]>();
  for (const node of nodes) {
    if (node.resourceType !== 'model' && node.resourceType !== 'seed' && node.resourceType !== 'snapshot') continue;
    const list = refable.get(node.name);
    if (list) list.push(node);
    else refable.set(node.name, [node]);
  }
  const sourceMap = new Map<string, SourceTable[]>();
  for (const source of sources) {
    const key = `${source.sourceName}.${source.name}`;
    sourceMap.set(key, [...(sourceMap.get(key) ?? []), source]);
  }
  return { refable, disabled, sources: sourceMap, disabledSources };
}

export function resolveRef(ref: RefCall, from: ManifestNode, index: ReferenceIndex, errors: FloeError[]): string | undefined {
  const candidates = index.refable.get(ref.name) ?? [];
  const match = ref.package
    ? candidates.find((node) => node.packageName === ref.package)
    : (candidates.find((node) => node.packageName === from.packageName) ?? candidates[0]);
  if (match) return match.uniqueId;
  const position: SourcePosition = ref.position ?? from.position;
  const label = ref.package ? `${ref.package}.${ref.name}` : ref.name;
  const disabledId = index.disabled.get(ref.name);
  if (disabledId) {
    errors.push(
      new FloeError('FLOE_REF_DISABLED', `${from.uniqueId} refers to '${label}', which is disabled`, {
        position,
        hint: `enable ${disabledId} (enabled: true) or remove the ref`,
      }),
    );
    return undefined;
  }
  const suggestion = nearestName(ref.name, index.refable.keys());
  errors.push(
    new FloeError('FLOE_REF_NOT_FOUND', `${from.uniqueId} refers to '${label}', which is not a model, seed or snapshot of this project`, {
      position,
      hint: suggestion ? `did you mean ref('${suggestion}')?` : 'check the name: ref() takes the file name of a model or seed without extension',
    }),
  );
  return undefined;
}

export function resolveSource(sourceName: string, tableName: string, position: SourcePosition, from: Pick<ManifestNode, 'uniqueId' | 'packageName'>, index: ReferenceIndex, errors: FloeError[]): string | undefined {
  const fromId = from.uniqueId;
  const candidates = index.sources.get(`${sourceName}.${tableName}`) ?? [];
  const source = candidates.find((s) => s.packageName === from.packageName) ?? candidates[0];
  if (source) return source.uniqueId;
  if (index.disabledSources.has(`${sourceName}.${tableName}`)) {
    errors.push(new FloeError('FLOE_SOURCE_DISABLED', `${fromId} refers to source '${sourceName}.${tableName}', which is disabled`, { position }));
    return undefined;
  }
  const all = [...index.sources.values()].flat();
  const tablesOfSource = all.filter((s) => s.sourceName === sourceName).map((s) => s.name);
  let hint: string;
  if (tablesOfSource.length > 0) {
    const nearest = nearestName(tableName, tablesOfSource);
    hint = nearest ? `did you mean source('${sourceName}', '${nearest}')?` : `source '${sourceName}' has tables: ${tablesOfSource.join(', ')}`;
  } else {
    const sourceNames = new Set(all.map((s) => s.sourceName));
    const nearest = nearestName(sourceName, sourceNames);
    hint = nearest
      ? `did you mean source('${nearest}', '${tableName}')?`
      : sourceNames.size > 0 ? `declared sources: ${[...sourceNames].join(', ')}` : 'declare it under sources: in a .yml file in the models folder';
  }
  errors.push(new FloeError('FLOE_SOURCE_NOT_FOUND', `${fromId} refers to source '${sourceName}.${tableName}', which is not declared`, { position, hint }));
  return undefined;
}

/**
 * Fill `dependsOn.nodes` of every node from its ref()/source() calls (files)
 * or its attached node and arguments (generic tests). Unknown names are errors.
 */
export function resolveDependencies(
  fileNodes: readonly ManifestNode[],
  findingsById: ReadonlyMap<string, { refs: RefCall[]; sources: Array<{ sourceName: string; tableName: string; position: SourcePosition }> }>,
  testNodes: readonly ManifestNode[],
  index: ReferenceIndex,
  errors: FloeError[],
): void {
  for (const node of fileNodes) {
    const findings = findingsById.get(node.uniqueId);
    if (!findings) continue;
    node.refs = findings.refs.map((ref) => ({ ...ref }));
    node.sources = findings.sources.map((s) => [s.sourceName, s.tableName] as [string, string]);
    const dependencies = new Set<string>();
    for (const ref of findings.refs) {
      const id = resolveRef(ref, node, index, errors);
      if (id) dependencies.add(id);
    }
    for (const found of findings.sources) {
      const id = resolveSource(found.sourceName, found.tableName, found.position, node, index, errors);
      if (id) dependencies.add(id);
    }
    node.dependsOn.nodes = [...dependencies];
  }
  for (const node of testNodes) {
    const dependencies = new Set(node.dependsOn.nodes);
    for (const ref of node.refs) {
      const id = resolveRef(ref, node, index, errors);
      if (id) dependencies.add(id);
    }
    for (const [sourceName, tableName] of node.sources) {
      const id = resolveSource(sourceName, tableName, node.position, node, index, errors);
      if (id) dependencies.add(id);
    }
    node.dependsOn.nodes = [...dependencies];
  }
}
