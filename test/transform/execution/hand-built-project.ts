/**
 * Small, real-shaped ParsedProject objects built by hand, for tests of the
 * executor's pure parts (and until/unless a test needs the real parser).
 */
import type { ManifestNode, NodeConfig, ParsedProject, ResourceType } from '../../../src/transform/types.js';
import type { ExecutionGraph } from '../../../src/transform/execution/index.js';

export interface NodeSpec {
  name: string;
  type?: Exclude<ResourceType, 'source'>;
  sql?: string;
  config?: Partial<NodeConfig>;
  dependsOn?: string[];
  /** For generic tests. */
  test?: { name: string; kwargs: Record<string, unknown>; attachedTo?: string; column?: string };
  file?: string;
  absolutePath?: string;
}

export function uniqueIdOf(spec: NodeSpec): string {
  return `${spec.type ?? 'model'}.demo.${spec.name}`;
}

export function node(spec: NodeSpec, schema = 'main'): ManifestNode {
  const type = spec.type ?? 'model';
  const materialized = spec.config?.materialized ?? (type === 'seed' ? 'seed' : type === 'test' ? 'test' : 'view');
  const folder = type === 'seed' ? 'seeds' : type === 'test' ? (spec.test ? 'models' : 'tests') : 'models';
  const file = spec.file ?? (spec.test ? `${folder}/schema.yml` : `${folder}/${spec.name}.${type === 'seed' ? 'csv' : 'sql'}`);
  const hasRelation = type !== 'test' && materialized !== 'ephemeral';
  return {
    uniqueId: uniqueIdOf(spec),
    resourceType: type,
    name: spec.name,
    packageName: 'demo',
    path: file.replace(/^[^/]+\//, ''),
    originalFilePath: file,
    absolutePath: spec.absolutePath ?? `/nonexistent/${file}`,
    fqn: ['demo', spec.name],
    rawCode: spec.sql ?? '',
    checksum: '0',
    config: { enabled: true, tags: [], meta: {}, ...spec.config, materialized } as NodeConfig,
    description: '',
    columns: {},
    refs: [],
    sources: [],
    dependsOn: { nodes: spec.dependsOn ?? [], macros: [] },
    relation: hasRelation ? { schema, identifier: spec.name } : undefined,
    testMetadata: spec.test ? { name: spec.test.name, kwargs: spec.test.kwargs } : undefined,
    attachedNode: spec.test?.attachedTo,
    columnName: spec.test?.column,
    position: { file },
  };
}

export function project(nodes: ManifestNode[], overrides: Partial<ParsedProject> = {}): ParsedProject {
  const settings: ParsedProject['settings'] = {
    name: 'demo', modelPaths: ['models'], seedPaths: ['seeds'], testPaths: ['tests'], macroPaths: ['macros'],
    snapshotPaths: ['snapshots'], docsPaths: [], analysisPaths: [], targetPath: 'target', packagesInstallPath: 'dbt_packages', dispatch: [],
    vars: {}, configTrees: {}, onRunStart: [], onRunEnd: [],
  };
  return {
    root: '/nonexistent',
    settings,
    packages: new Map([['demo', { name: 'demo', root: '/nonexistent', settings, vars: {}, isRoot: true }]]),
    target: { profileName: 'demo', targetName: 'dev', threads: 1, config: { type: 'duckdb', path: ':memory:' } },
    vars: {},
    nodes: new Map(nodes.map((n) => [n.uniqueId, n])),
    sources: new Map(),
    macros: new Map(),
    docs: new Map(),
    warnings: [],
    ...overrides,
  };
}

/** A graph from `dependsOn.nodes`, good enough where the real graph module is not needed. */
export function graphOf(parsed: ParsedProject): ExecutionGraph {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const n of parsed.nodes.values()) {
    parents.set(n.uniqueId, [...n.dependsOn.nodes]);
    for (const parent of n.dependsOn.nodes) children.set(parent, [...(children.get(parent) ?? []), n.uniqueId]);
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const parent of parents.get(id) ?? []) visit(parent);
    order.push(id);
  };
  for (const id of parsed.nodes.keys()) visit(id);
  return {
    parents: (id) => parents.get(id) ?? [],
    children: (id) => children.get(id) ?? [],
    topologicalOrder: () => order,
  };
}
