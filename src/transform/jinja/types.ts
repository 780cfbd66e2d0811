/**
 * The jinja part's public shapes (agreed with the parse and execution parts).
 */
import type { ColumnDescription, ExistingRelation, QueryResult, RelationRef, SqlDialect } from '../../compute/index.js';
import type { SourcePosition } from '../../errors/index.js';
import type { MacroDefinition, RefCall } from '../types.js';

export interface MacroFile {
  packageName: string;
  /** MacroDefinition.originalFilePath (relative to the package's root). */
  file: string;
  /** How errors name the file (default `file`); a package's files are shown from the root project, e.g. `dbt_packages/dbt_utils/macros/x.sql`. */
  displayPath?: string;
  absolutePath?: string;
  source: string;
}

export interface CreateDbtJinja {
  /** The root project's name: its macros override the builtin `dbt` package's. */
  rootPackage: string;
  /** `duckdb`, `postgres`, …: the prefix `adapter.dispatch` tries first. */
  adapterType: string;
  macroFiles: MacroFile[];
  /** The root project's `dispatch:` config: the packages `adapter.dispatch(name, namespace)` searches, in order. */
  dispatch?: Array<{ macroNamespace: string; searchOrder: string[] }>;
}

/** The warehouse calls templates can make at run time (served through a replay cache). */
export interface JinjaWarehouse {
  runQuery(sql: string): Promise<QueryResult>;
  getColumns(relation: RelationRef): Promise<ColumnDescription[]>;
  getRelation(relation: RelationRef): Promise<ExistingRelation | undefined>;
}

/** What the template's dbt context is built from, per render. */
export interface DbtContextHooks {
  execute: boolean;
  target: Record<string, unknown>;
  /** The root project's name (`project_name`). */
  projectName: string;
  /** The package of the node being rendered: its macros are found first by unqualified name (dbt's local namespace). */
  packageName?: string;
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  this?: RelationRef;
  model?: Record<string, unknown>;
  /** undefined → a placeholder relation (parse time). */
  ref(args: RefCall): RelationRef | undefined;
  /** `position`: where the `source()` call is in the template (for parse-time error messages). */
  source(sourceName: string, tableName: string, position?: SourcePosition): RelationRef | undefined;
  config(values: Record<string, unknown>): void;
  isIncremental(): boolean;
  log?(message: string): void;
  /** Quoting for Relation objects. */
  dialect: SqlDialect;
  warehouse?: JinjaWarehouse;
  docs?(name: string, pkg?: string): string;
  /** More globals (e.g. for tests: model, column_name; `flags: { FULL_REFRESH: true }`). */
  extra?: Record<string, unknown>;
}

export interface DbtJinja {
  /** Every macro compiled, builtin ones included (user overrides appear alongside what they override). */
  macros: MacroDefinition[];
  /** Parse time: warehouse calls return empty results. */
  renderSync(source: string, file: string, context: DbtContextHooks): string;
  /** Run time: warehouse calls are recorded, executed through `context.warehouse`, and the template re-rendered (max 10 passes). */
  render(source: string, file: string, context: DbtContextHooks): Promise<string>;
  /** Call a macro by name (`pkg.name` or `name`) with the same replay as `render`; returns its `return()` value or its output. */
  callMacro(name: string, args: unknown[], context: DbtContextHooks): Promise<unknown>;
}
