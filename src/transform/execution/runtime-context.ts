/**
 * The Jinja context a node is rendered with at run time (`execute = true`):
 * `this`, `ref()` / `source()` resolved to live relations, `is_incremental()`
 * decided before rendering, and warehouse calls (`run_query`,
 * `adapter.get_columns_in_relation`, …) served by the node's own session.
 */
import type { ComputeAdapter, RelationRef, SqlDialect } from '../../compute/index.js';
import type { DbtContextHooks } from '../jinja/index.js';
import type { ManifestNode, ParsedProject } from '../types.js';
import { ephemeralCteName } from './ephemeral-ctes.js';
import { isEphemeral } from './ephemeral-materialization.js';
import type { NodeLookup } from './node-lookup.js';
import type { StatementRunner } from './statement-runner.js';

export interface RuntimeEnvironment {
  project: ParsedProject;
  adapter: ComputeAdapter;
  lookup: NodeLookup;
  env: Record<string, string | undefined>;
  target: Record<string, unknown>;
  /** The adapter's dialect, rendering ephemeral refs as bare CTE names. */
  dialect: SqlDialect;
  /** dbt's `flags` (`flags.FULL_REFRESH`, …). */
  flags: Record<string, unknown>;
}

export interface RuntimeContextOptions {
  node: ManifestNode;
  statements: StatementRunner;
  isIncremental: boolean;
  /** Filled with the unique ids of ephemeral models the render refs. */
  ephemeralRefs: Set<string>;
  extra?: Record<string, unknown>;
  /** Collects what `config()` sets while rendering (a test macro's `fail_calc`, …); parse-time config is not changed. */
  configSet?: Record<string, unknown>;
}

/**
 * A ref to an ephemeral model renders as its CTE name, unquoted. Such refs
 * carry an empty schema, which no real relation has.
 */
export function cteRelation(node: ManifestNode): RelationRef {
  return { schema: '', identifier: ephemeralCteName(node.name) };
}

export function isCteRelation(relation: RelationRef): boolean {
  return relation.schema === '' && relation.database === undefined;
}

export function cteAwareDialect(dialect: SqlDialect): SqlDialect {
  return new Proxy(dialect, {
    get(target, property, receiver) {
      if (property === 'renderRelation') {
        return (relation: RelationRef) => (isCteRelation(relation) ? relation.identifier : target.renderRelation(relation));
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** dbt's `target`: the profile target's settings (no secrets) plus name, type, schema, database, threads. */
export function targetContext(project: ParsedProject, adapter: ComputeAdapter, threads: number): Record<string, unknown> {
  const settings = { ...project.target.config } as Record<string, unknown>;
  delete settings.password;
  delete settings.pass;
  return {
    ...settings,
    type: adapter.type,
    name: project.target.targetName,
    target_name: project.target.targetName,
    profile_name: project.target.profileName,
    schema: adapter.schema,
    database: adapter.database,
    threads,
  };
}

/** The node as dbt's `model` variable shows it (the fields macros read). */
export function modelContext(node: ManifestNode): Record<string, unknown> {
  return {
    unique_id: node.uniqueId,
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    fqn: node.fqn,
    raw_code: node.rawCode,
    config: node.config,
    tags: node.config.tags,
    meta: node.config.meta,
    description: node.description,
    columns: node.columns,
    refs: node.refs,
    sources: node.sources,
    depends_on: node.dependsOn,
    database: node.relation?.database,
    schema: node.relation?.schema,
    alias: node.relation?.identifier,
    ...(node.testMetadata ? { test_metadata: node.testMetadata, column_name: node.columnName } : {}),
  };
}

const graphs = new WeakMap<ParsedProject, Record<string, unknown>>();

/** dbt's `graph`: every node and source as dicts, by unique id (macros such as codegen's walk it). Built once per project. */
export function graphContext(project: ParsedProject): Record<string, unknown> {
  let graph = graphs.get(project);
  if (!graph) {
    const nodes: Record<string, unknown> = {};
    for (const node of project.nodes.values()) nodes[node.uniqueId] = { ...modelContext(node), raw_sql: node.rawCode, refs: node.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })) };
    const sources: Record<string, unknown> = {};
    for (const source of project.sources.values()) {
      sources[source.uniqueId] = {
        unique_id: source.uniqueId, name: source.name, source_name: source.sourceName, resource_type: 'source', package_name: source.packageName,
        database: source.relation.database, schema: source.relation.schema, identifier: source.relation.identifier, description: source.description,
        source_description: source.sourceDescription, columns: source.columns, meta: source.meta, tags: source.tags, fqn: source.fqn, original_file_path: source.originalFilePath,
      };
    }
    graph = { nodes, sources, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {} };
    graphs.set(project, graph);
  }
  return graph;
}

export function runtimeContext(environment: RuntimeEnvironment, options: RuntimeContextOptions): DbtContextHooks {
  const { project, adapter, lookup } = environment;
  const { node, statements } = options;
  const session = statements.session;
  return {
    execute: true,
    target: environment.target,
    projectName: project.settings.name,
    packageName: node.packageName,
    vars: project.packages.get(node.packageName)?.vars ?? project.vars,
    env: environment.env,
    this: isEphemeral(node) ? cteRelation(node) : node.relation,
    model: modelContext(node),
    ref(call) {
      const referenced = lookup.ref(call, node);
      if (isEphemeral(referenced)) {
        options.ephemeralRefs.add(referenced.uniqueId);
        return cteRelation(referenced);
      }
      return referenced.relation;
    },
    source(sourceName, tableName) {
      return lookup.source(sourceName, tableName, node).relation;
    },
    config(values) {
      // Config was merged at parse time; run-time calls are collected for the caller (see NodeCompiler.runTimeConfig).
      if (options.configSet) Object.assign(options.configSet, values);
    },
    isIncremental: () => options.isIncremental,
    log() {
      // Nothing below the CLI prints; run-time log() output is dropped.
    },
    dialect: environment.dialect,
    warehouse: {
      runQuery: (sql) => statements.query(sql),
      getColumns: (relation) => adapter.getColumns(session, relation),
      getRelation: (relation) => adapter.getRelation(session, relation),
    },
    docs: (name, pkg) => {
      for (const doc of project.docs.values()) {
        if (doc.name === name && (pkg === undefined || doc.packageName === pkg)) return doc.blockContents;
      }
      return '';
    },
    extra: { flags: environment.flags, graph: graphContext(project), ...options.extra },
  };
}
