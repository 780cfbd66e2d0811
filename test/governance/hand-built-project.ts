/**
 * Small ParsedProjects built by hand, so each governance rule can be tested
 * without files or a warehouse.
 */
import type { ColumnInfo, ManifestNode, ParsedProject } from '../../src/transform/index.js';

export interface ModelSpec {
  name: string;
  /** Folders under models/, e.g. ['gold']. */
  folders?: string[];
  description?: string;
  columns?: Array<{ name: string; description?: string; meta?: Record<string, unknown>; line?: number }>;
  meta?: Record<string, unknown>;
  enabled?: boolean;
}

export interface TestSpec {
  model: string;
  column?: string;
  /** A singular test that refs these models (no attached node). */
  singularRefs?: string[];
  name?: string;
}

const PACKAGE = 'shop';

export function modelNode(spec: ModelSpec): ManifestNode {
  const folders = spec.folders ?? [];
  const path = [...folders, `${spec.name}.sql`].join('/');
  const columns: Record<string, ColumnInfo> = {};
  for (const column of spec.columns ?? []) {
    columns[column.name] = {
      name: column.name,
      description: column.description ?? '',
      meta: column.meta ?? {},
      tags: [],
      position: { file: `models/${[...folders, 'schema.yml'].join('/')}`, line: column.line ?? 5, column: 11 },
    };
  }
  return {
    uniqueId: `model.${PACKAGE}.${spec.name}`,
    resourceType: 'model',
    name: spec.name,
    packageName: PACKAGE,
    path,
    originalFilePath: `models/${path}`,
    absolutePath: `/nowhere/models/${path}`,
    fqn: [PACKAGE, ...folders, spec.name],
    rawCode: 'select 1 as id',
    checksum: 'x',
    config: { enabled: spec.enabled ?? true, materialized: 'table', tags: [], meta: spec.meta ?? {} },
    description: spec.description ?? '',
    columns,
    refs: [],
    sources: [],
    dependsOn: { nodes: [], macros: [] },
    position: { file: `models/${path}`, line: 1, column: 1 },
  };
}

export function testNode(spec: TestSpec, index: number): ManifestNode {
  const name = spec.name ?? `test_${spec.model}_${spec.column ?? 'row'}_${index}`;
  const modelId = `model.${PACKAGE}.${spec.model}`;
  const singular = spec.singularRefs !== undefined;
  return {
    uniqueId: `test.${PACKAGE}.${name}`,
    resourceType: 'test',
    name,
    packageName: PACKAGE,
    path: `${name}.sql`,
    originalFilePath: singular ? `tests/${name}.sql` : 'models/schema.yml',
    absolutePath: `/nowhere/${name}`,
    fqn: [PACKAGE, name],
    rawCode: '',
    checksum: 'x',
    config: { enabled: true, materialized: 'test', tags: [], meta: {} },
    description: '',
    columns: {},
    refs: [],
    sources: [],
    dependsOn: { nodes: singular ? spec.singularRefs!.map((ref) => `model.${PACKAGE}.${ref}`) : [modelId], macros: [] },
    ...(singular ? {} : { testMetadata: { name: 'not_null', kwargs: { column_name: spec.column } }, attachedNode: modelId, columnName: spec.column }),
    position: { file: 'models/schema.yml', line: 1, column: 1 },
  };
}

export function handBuiltProject(models: ModelSpec[], tests: TestSpec[] = []): ParsedProject {
  const nodes = new Map<string, ManifestNode>();
  for (const spec of models) {
    const node = modelNode(spec);
    nodes.set(node.uniqueId, node);
  }
  tests.forEach((spec, index) => {
    const node = testNode(spec, index);
    nodes.set(node.uniqueId, node);
  });
  const settings: ParsedProject['settings'] = {
      name: PACKAGE,
      modelPaths: ['models'],
      seedPaths: ['seeds'],
      testPaths: ['tests'],
      macroPaths: ['macros'],
      snapshotPaths: ['snapshots'],
      docsPaths: [],
      analysisPaths: [],
      targetPath: 'target',
      packagesInstallPath: 'dbt_packages',
      dispatch: [],
      vars: {},
      configTrees: {},
      onRunStart: [],
      onRunEnd: [],
  };
  return {
    root: '/nowhere',
    settings,
    packages: new Map([[PACKAGE, { name: PACKAGE, root: '/nowhere', settings, vars: {}, isRoot: true }]]),
    target: { profileName: PACKAGE, targetName: 'dev', threads: 1, config: { type: 'duckdb' } },
    vars: {},
    nodes,
    sources: new Map(),
    macros: new Map(),
    docs: new Map(),
    warnings: [],
  };
}
