/**
 * `target/manifest.json` in dbt's v12 shape for the fields floe fills, so
 * tools that read dbt manifests (catalogs, dbt-artifacts, lineage tools) can
 * read floe's. Keys follow dbt's spelling (snake_case, `pre-hook`, …).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RelationRef } from '../../compute/index.js';
import { writeFileAtomic } from '../../files/index.js';
import { buildGraph, type DependencyGraph } from '../graph/index.js';
import type { ColumnInfo, ManifestNode, ParsedProject, SourceTable } from '../types.js';
import { DBT_COMPAT_VERSION } from './run-results-json.js';

export const MANIFEST_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

export interface ManifestJsonOptions {
  invocationId?: string;
  generatedAt?: Date;
  /** Reuse a graph already built for this project. */
  graph?: DependencyGraph;
}

function quote(part: string): string {
  return `"${part.replace(/"/g, '""')}"`;
}

/** `"db"."schema"."table"`: both engines floe supports quote this way. */
export function relationName(relation: RelationRef | undefined): string | null {
  if (!relation) return null;
  return [relation.database, relation.schema, relation.identifier].filter((p): p is string => p !== undefined && p !== '').map(quote).join('.');
}

function columnsJson(columns: Record<string, ColumnInfo>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(columns)) {
    result[name] = {
      name: column.name,
      description: column.description,
      meta: column.meta,
      data_type: column.data_type ?? null,
      constraints: [],
      quote: null,
      tags: column.tags,
      granularity: null,
    };
  }
  return result;
}

function configJson(node: ManifestNode): Record<string, unknown> {
  const { pre_hook, post_hook, severity, ...rest } = node.config;
  const hooks = (list: unknown): unknown[] => (Array.isArray(list) ? list : []).map((sql) => ({ sql: String(sql), transaction: true, index: null }));
  const result: Record<string, unknown> = { ...rest };
  for (const [key, value] of Object.entries(result)) if (value === undefined) result[key] = null;
  if (node.resourceType !== 'test') {
    result['pre-hook'] = hooks(pre_hook);
    result['post-hook'] = hooks(post_hook);
  }
  if (severity !== undefined) result.severity = String(severity).toUpperCase();
  return result;
}

function nodeJson(node: ManifestNode, project: ParsedProject, createdAt: number): Record<string, unknown> {
  const testSchema = `${String(project.target.config.schema ?? node.relation?.schema ?? '')}_dbt_test__audit`;
  const base: Record<string, unknown> = {
    database: node.relation?.database ?? (node.config.database as string | undefined) ?? null,
    schema: node.relation?.schema ?? (node.resourceType === 'test' ? testSchema : ((node.config.schema as string | undefined) ?? null)),
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    unique_id: node.uniqueId,
    fqn: node.fqn,
    alias: node.relation?.identifier ?? (node.config.alias as string | undefined) ?? node.name,
    checksum: node.checksum ? { name: node.checksum.length === 64 && /^[0-9a-f]+$/.test(node.checksum) ? 'sha256' : 'path', checksum: node.checksum } : { name: 'none', checksum: '' },
    config: configJson(node),
    tags: node.config.tags,
    description: node.description,
    columns: columnsJson(node.columns),
    meta: node.config.meta,
    group: null,
    docs: (node.config.docs as Record<string, unknown> | undefined) ?? { show: true, node_color: null },
    patch_path: node.patchPath ?? null,
    build_path: null,
    unrendered_config: {},
    created_at: createdAt,
    relation_name: node.resourceType === 'test' ? null : relationName(node.relation),
    raw_code: node.rawCode,
    language: 'sql',
    refs: node.refs.map((ref) => ({ name: ref.name, package: ref.package ?? null, version: ref.version ?? null })),
    sources: node.sources.map(([source, table]) => [source, table]),
    metrics: [],
    depends_on: { macros: node.dependsOn.macros, nodes: node.dependsOn.nodes },
    compiled_path: null,
  };
  if (node.resourceType === 'seed') {
    base.root_path = project.root;
    base.depends_on = { macros: node.dependsOn.macros };
    delete base.refs;
    delete base.sources;
    delete base.metrics;
    delete base.compiled_path;
    delete base.language;
  }
  if (node.resourceType === 'model') {
    Object.assign(base, { contract: { enforced: false, alias_types: true, checksum: null }, access: 'protected', constraints: [], version: null, latest_version: null, deprecation_date: null });
  }
  if (node.resourceType === 'test') {
    base.contract = { enforced: false, alias_types: true, checksum: null };
    if (node.testMetadata) {
      base.test_metadata = { name: node.testMetadata.name, kwargs: node.testMetadata.kwargs, namespace: node.testMetadata.namespace ?? null };
      base.column_name = node.columnName ?? null;
      base.file_key_name = node.attachedNode?.startsWith('source.')
        ? `sources.${node.sources[0]?.[0] ?? ''}`
        : `${node.attachedNode?.split('.')[0] === 'seed' ? 'seeds' : 'models'}.${node.refs[0]?.name ?? ''}`;
      base.attached_node = node.attachedNode ?? null;
    }
  }
  return base;
}

function sourceJson(source: SourceTable, createdAt: number): Record<string, unknown> {
  return {
    database: source.relation.database ?? null,
    schema: source.relation.schema,
    name: source.name,
    resource_type: 'source',
    package_name: source.packageName,
    path: source.originalFilePath,
    original_file_path: source.originalFilePath,
    unique_id: source.uniqueId,
    fqn: source.fqn,
    source_name: source.sourceName,
    source_description: source.sourceDescription,
    loader: '',
    identifier: source.relation.identifier,
    quoting: { database: null, schema: null, identifier: null, column: null },
    loaded_at_field: source.loadedAtField ?? null,
    freshness: source.freshness ?? { warn_after: { count: null, period: null }, error_after: { count: null, period: null }, filter: null },
    external: null,
    description: source.description,
    columns: columnsJson(source.columns),
    meta: source.meta,
    source_meta: {},
    tags: source.tags,
    config: { enabled: true, event_time: null },
    patch_path: null,
    unrendered_config: {},
    relation_name: relationName(source.relation),
    created_at: createdAt,
  };
}

/** The manifest as a plain object (what writeManifestJson serialises). */
export function buildManifestJson(project: ParsedProject, options: ManifestJsonOptions = {}): Record<string, unknown> {
  const graph = options.graph ?? buildGraph(project);
  const createdAt = (options.generatedAt ?? new Date()).getTime() / 1000;
  const nodes: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  for (const node of project.nodes.values()) {
    if (node.resourceType === 'unit_test') unitTests[node.uniqueId] = unitTestJson(node, project);
    else nodes[node.uniqueId] = nodeJson(node, project, createdAt);
  }
  const sources: Record<string, unknown> = {};
  for (const source of project.sources.values()) sources[source.uniqueId] = sourceJson(source, createdAt);
  const macros: Record<string, unknown> = {};
  for (const macro of project.macros.values()) {
    macros[macro.uniqueId] = {
      name: macro.name,
      resource_type: 'macro',
      package_name: macro.packageName,
      path: macro.originalFilePath,
      original_file_path: macro.originalFilePath,
      unique_id: macro.uniqueId,
      macro_sql: macro.macroSql,
      depends_on: { macros: [] },
      description: '',
      meta: {},
      docs: { show: true, node_color: null },
      patch_path: null,
      arguments: macro.arguments.map((name) => ({ name, type: null, description: '' })),
      created_at: createdAt,
      supported_languages: null,
    };
  }
  const docs: Record<string, unknown> = {};
  for (const doc of project.docs.values()) {
    docs[doc.uniqueId] = {
      name: doc.name,
      resource_type: 'doc',
      package_name: doc.packageName,
      path: doc.originalFilePath,
      original_file_path: doc.originalFilePath,
      unique_id: doc.uniqueId,
      block_contents: doc.blockContents,
    };
  }
  return {
    metadata: {
      dbt_schema_version: MANIFEST_SCHEMA_VERSION,
      dbt_version: DBT_COMPAT_VERSION,
      generated_at: (options.generatedAt ?? new Date()).toISOString(),
      invocation_id: options.invocationId ?? randomUUID(),
      env: {},
      project_name: project.settings.name,
      project_id: null,
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: project.target.config.type,
    },
    nodes,
    sources,
    macros,
    docs,
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: graph.parentMap(),
    child_map: graph.childMap(),
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: unitTests,
  };
}

/** A unit test as dbt's manifest lists it (under `unit_tests`, not `nodes`). */
function unitTestJson(node: ManifestNode, project: ParsedProject): Record<string, unknown> {
  const definition = node.unitTest;
  const model = definition ? project.nodes.get(definition.model) : undefined;
  return {
    model: model?.name ?? null,
    given: (definition?.given ?? []).map((g) => ({ input: g.input, rows: g.rows, format: g.format, fixture: null })),
    expect: { rows: definition?.expect.rows ?? [], format: definition?.expect.format ?? 'dict', fixture: null },
    name: node.name,
    resource_type: 'unit_test',
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    unique_id: node.uniqueId,
    fqn: node.fqn,
    description: node.description,
    overrides: definition?.overrides ?? null,
    depends_on: { macros: [], nodes: node.dependsOn.nodes },
    config: { tags: node.config.tags, meta: node.config.meta, enabled: node.config.enabled },
    checksum: null,
    schema: model?.relation?.schema ?? null,
    created_at: Date.now() / 1000,
    versions: null,
    version: null,
  };
}

/** Write `<targetDir>/manifest.json` atomically; returns its path. */
export function writeManifestJson(project: ParsedProject, targetDir: string, options: ManifestJsonOptions = {}): string {
  const path = join(targetDir, 'manifest.json');
  writeFileAtomic(path, `${JSON.stringify(buildManifestJson(project, options), null, 2)}\n`);
  return path;
}
