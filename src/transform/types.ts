/**
 * The shapes that flow through the transform engine:
 *   files ─▶ parse (project/, jinja/) ─▶ ParsedProject ─▶ graph/ (select) ─▶ execution/ (materialize, test) ─▶ results
 * Parse is pure over the files it was given (no warehouse access); execution
 * renders each node again with a live adapter (`execute = true`) right before running it.
 */
import type { FloeError, SourcePosition } from '../errors/index.js';
import type { ComputeAdapter, ComputeSession, RelationRef } from '../compute/index.js';

export type ResourceType = 'model' | 'seed' | 'test' | 'source' | 'snapshot' | 'analysis' | 'operation' | 'unit_test';
export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral' | 'seed' | 'test' | 'snapshot';
export type IncrementalStrategy = 'append' | 'merge' | 'delete+insert';
export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

/** The node's effective config after dbt_project.yml trees, property YAML and `{{ config() }}` were merged (in that order of precedence, last wins). */
export interface NodeConfig {
  enabled: boolean;
  materialized: Materialization;
  database?: string;
  schema?: string;
  alias?: string;
  tags: string[];
  meta: Record<string, unknown>;
  // incremental
  unique_key?: string | string[];
  incremental_strategy?: IncrementalStrategy;
  on_schema_change?: OnSchemaChange;
  full_refresh?: boolean;
  // seeds
  column_types?: Record<string, string>;
  delimiter?: string;
  quote_columns?: boolean;
  // tests
  severity?: 'error' | 'warn';
  warn_if?: string;
  error_if?: string;
  where?: string;
  limit?: number;
  store_failures?: boolean;
  // hooks (P1)
  pre_hook?: string[];
  post_hook?: string[];
  /** Any other key the user set (kept, reported as a warning when unknown). */
  [key: string]: unknown;
}

export interface ColumnInfo {
  name: string;
  description: string;
  data_type?: string;
  meta: Record<string, unknown>;
  tags: string[];
  /** Where the column is declared (property YAML). */
  position?: SourcePosition;
  /** `quote: true` in property YAML: the name is quoted where dbt writes it (generic tests). */
  quote?: boolean;
}

export interface RefCall {
  name: string;
  package?: string;
  version?: string | number;
  position?: SourcePosition;
}

export interface TestMetadata {
  /** `unique`, `not_null`, `accepted_values`, `relationships` or a custom generic test name. */
  name: string;
  namespace?: string;
  /** Arguments as written in YAML (`column_name`, `values`, `to`, `field`, …), plus `model` as a Jinja expression. */
  kwargs: Record<string, unknown>;
}

/** A model, seed, test, snapshot (anything with SQL or data that executes). */
export interface ManifestNode {
  /** `model.<package>.<name>`, `seed.<package>.<name>`, `test.<package>.<name>.<hash>` — as dbt spells them. */
  uniqueId: string;
  resourceType: Exclude<ResourceType, 'source'>;
  name: string;
  packageName: string;
  /** Path relative to its resource folder (models/…), as dbt's `path`. */
  path: string;
  /** Path relative to the project root, as dbt's `original_file_path`. */
  originalFilePath: string;
  /** Absolute path on disk. */
  absolutePath: string;
  /** dbt's fqn: [package, ...folders, name]. */
  fqn: string[];
  /** The SQL/Jinja source as written (empty for seeds). */
  rawCode: string;
  /** sha256 of the raw file content, as dbt's `checksum`. */
  checksum: string;
  config: NodeConfig;
  description: string;
  columns: Record<string, ColumnInfo>;
  /** File where the node's property YAML lives, if any (dbt's `patch_path`). */
  patchPath?: string;
  refs: RefCall[];
  /** `[source_name, table_name]` pairs. */
  sources: Array<[string, string]>;
  dependsOn: { nodes: string[]; macros: string[] };
  /** Where this node's relation lives (not set for tests and ephemeral models). */
  relation?: RelationRef;
  /** For tests: which generic test and with what arguments (undefined for singular tests). */
  testMetadata?: TestMetadata;
  /** For generic tests: the node (model/seed/source) the test is attached to, and the column. */
  attachedNode?: string;
  columnName?: string;
  /** For unit tests: the model under test, its fixtures and expectations. */
  unitTest?: UnitTestDefinition;
  /** Rendered at parse time with `execute = false`; the real SQL is rendered at run time. */
  position: SourcePosition;
}

/** A fixture of a unit test: rows as dicts, CSV text or a SQL select. */
export interface UnitTestFixture {
  format: 'dict' | 'csv' | 'sql';
  /** dict: a list of row mappings; csv: the text; sql: the select statement. */
  rows: Array<Record<string, unknown>> | string;
}

export interface UnitTestInput extends UnitTestFixture {
  /** As written: `ref('stg_orders')`, `source('shop', 'orders')`, `this` (incremental). */
  input: string;
}

/** `unit_tests:` in property YAML (dbt 1.8+). */
export interface UnitTestDefinition {
  /** The model under test (unique id). */
  model: string;
  given: UnitTestInput[];
  expect: UnitTestFixture;
  overrides: { vars: Record<string, unknown>; macros: Record<string, unknown>; env_vars: Record<string, string> };
}

export interface SourceTable {
  uniqueId: string; // source.<package>.<source_name>.<table_name>
  resourceType: 'source';
  sourceName: string;
  name: string;
  packageName: string;
  originalFilePath: string;
  fqn: string[];
  description: string;
  sourceDescription: string;
  columns: Record<string, ColumnInfo>;
  meta: Record<string, unknown>;
  tags: string[];
  relation: RelationRef;
  loadedAtField?: string;
  freshness?: unknown;
  position: SourcePosition;
}

export interface MacroDefinition {
  uniqueId: string; // macro.<package>.<name>
  name: string;
  packageName: string;
  originalFilePath: string;
  /** The `{% macro %}…{% endmacro %}` source. */
  macroSql: string;
  arguments: string[];
  position: SourcePosition;
}

export interface DocBlock {
  uniqueId: string; // doc.<package>.<name>
  name: string;
  packageName: string;
  originalFilePath: string;
  blockContents: string;
}

/** The parts of dbt_project.yml the engine uses. */
export interface ProjectSettings {
  name: string;
  version?: string;
  profile?: string;
  modelPaths: string[];
  seedPaths: string[];
  testPaths: string[];
  macroPaths: string[];
  snapshotPaths: string[];
  docsPaths: string[];
  analysisPaths: string[];
  targetPath: string;
  /** `packages-install-path` (default `dbt_packages`). */
  packagesInstallPath: string;
  /** `require-dbt-version`, as written (each item must hold). */
  requireDbtVersion?: string[];
  /** `dispatch:` — for a macro namespace, which packages `adapter.dispatch` searches, in order. */
  dispatch: Array<{ macroNamespace: string; searchOrder: string[] }>;
  vars: Record<string, unknown>;
  /** Raw config trees keyed by resource type (models, seeds, data_tests, snapshots, sources). */
  configTrees: Record<string, unknown>;
  onRunStart: string[];
  onRunEnd: string[];
}

/** The connection a run uses: a profile target (or a platform-resolved connection). */
export interface ResolvedTarget {
  profileName: string;
  targetName: string;
  threads: number;
  /** The target's settings as written, after env_var() rendering; the compute module turns it into an adapter. */
  config: Record<string, unknown> & { type: string };
}

/** One dbt project taking part in a load: the root project or an installed package. */
export interface LoadedPackage {
  name: string;
  /** Absolute folder holding its dbt_project.yml. */
  root: string;
  settings: ProjectSettings;
  /** What `var()` returns in this package's nodes (its own vars < the root's global and package-scoped vars < --vars). */
  vars: Record<string, unknown>;
  isRoot: boolean;
}

export interface ParsedProject {
  root: string;
  settings: ProjectSettings;
  target: ResolvedTarget;
  /** Final variable values of the root project: project vars overridden by --vars. */
  vars: Record<string, unknown>;
  /** Every project loaded, the root first, then the packages by name. */
  packages: Map<string, LoadedPackage>;
  nodes: Map<string, ManifestNode>;
  sources: Map<string, SourceTable>;
  macros: Map<string, MacroDefinition>;
  docs: Map<string, DocBlock>;
  /** Warnings collected while parsing (unknown config keys, …). Errors are thrown as FloeErrors. */
  warnings: FloeError[];
}

/** Outcome of one node in a run, mirrored into run_results.json. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'runtime error';

export interface NodeResult {
  uniqueId: string;
  status: NodeStatus;
  /** Seconds. */
  executionTime: number;
  startedAt: string;
  completedAt: string;
  /** e.g. "CREATE TABLE (42 rows)", "OK", the number of failures for a test. */
  message: string;
  /** For tests: number of failing rows. */
  failures?: number;
  rowsAffected?: number;
  /** The SQL that ran (compiled), for target/run and for lineage. */
  compiledSql?: string;
  /** The relation the node wrote, if any. */
  relation?: RelationRef;
  error?: FloeError;
  /** For skipped nodes: the node whose failure caused the skip. */
  skippedBecauseOf?: string;
  adapterResponse: Record<string, unknown>;
}

/**
 * What a run tells whoever launched it. The CLI prints from these, the
 * orchestrator records them, observability turns them into spans and lineage.
 * Handlers must not throw; a slow handler slows the run, so keep them quick.
 */
export interface RunListener {
  onRunStart?(info: { nodes: ManifestNode[]; threads: number; adapter: ComputeAdapter }): void;
  onNodeStart?(node: ManifestNode, index: number, total: number): void;
  onStatement?(node: ManifestNode, sql: string, durationMs: number, rowsAffected: number | undefined, error?: unknown): void;
  onNodeFinish?(node: ManifestNode, result: NodeResult, index: number, total: number): void;
  onRunFinish?(results: NodeResult[], elapsedSeconds: number): void;
}

export type { ComputeAdapter, ComputeSession, RelationRef };
