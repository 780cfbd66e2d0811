/**
 * What the parse phases share: the file snapshots of every project taking
 * part (the root first, then its packages), the target, and the lists every
 * phase adds its problems to (so a user sees all of them at once), as
 * Dataform's compiler session collects them.
 */
import type { FloeError, SourcePosition } from '../../errors/index.js';
import type { DocBlock, ManifestNode, ProjectSettings, ResolvedTarget, SourceTable } from '../types.js';
import type { ConfigTree } from './config-tree.js';
import type { ProjectFile } from './file-discovery.js';
import { ConfigResolver } from './node-config.js';
import type { PartialParseCache } from './partial-parse.js';
import type { ParseHooks, TemplateEngine } from './template-engine.js';
import type { ProjectFiles } from './project-files.js';
import type { NodePatch, SourcePatch, UnitTestPatch } from './property-yaml.js';
import type { RenderFindings } from './parse-time-render.js';
import { parseTimeDialect } from './parse-time-dialect.js';
import { nodeDictionary } from './relation-naming.js';

/** Everything the read phase brought in: no phase after it reads the disk. */
export interface ProjectSnapshot {
  root: ProjectFiles;
  packages: ProjectFiles[];
  target: ResolvedTarget;
  env: Record<string, string | undefined>;
  cliVars: Record<string, unknown>;
}

export type ConfigTreeKind = 'models' | 'seeds' | 'tests' | 'data_tests' | 'sources' | 'snapshots' | 'unit_tests';

/** One project of the load, as the phases see it. */
export interface PackageState {
  name: string;
  files: ProjectFiles;
  settings: ProjectSettings;
  vars: Record<string, unknown>;
  /** This project's own config trees (dbt_project.yml). */
  trees: Record<ConfigTreeKind, ConfigTree>;
  /** Node patches by `kind:name` (`models:orders`). */
  patches: Map<string, NodePatch>;
  matchedPatches: Set<NodePatch>;
  sourcePatches: SourcePatch[];
  unitTests: UnitTestPatch[];
  /** Property YAML files by the path messages use. */
  yamlByDisplayPath: Map<string, ProjectFile>;
  /** Disabled refable nodes by name → unique id. */
  disabled: Map<string, string>;
}

export class ParseSession {
  readonly errors: FloeError[] = [];
  readonly warnings: FloeError[] = [];
  readonly configs = new ConfigResolver();
  readonly docs = new Map<string, DocBlock>();
  readonly packages: PackageState[] = [];
  /** Nodes from files and YAML, in the order they were built. */
  readonly nodes: ManifestNode[] = [];
  readonly testNodes: ManifestNode[] = [];
  readonly sources = new Map<string, SourceTable>();
  readonly disabledSources = new Set<string>();
  readonly findings = new Map<string, RenderFindings>();
  engine: TemplateEngine | undefined;
  /** The `target` Jinja sees at parse time (no secrets). */
  targetContext: Record<string, unknown> = {};
  database = '';
  schema = '';

  /** Set once the project key is known (after the macros phase). */
  cache: PartialParseCache | undefined;

  constructor(readonly snapshot: ProjectSnapshot) {}

  get root(): PackageState {
    return this.packages[0];
  }

  get env(): Record<string, string | undefined> {
    return this.snapshot.env;
  }

  /** The base of the hooks a parse-time render of `node` gets. */
  hookBase(node: ManifestNode, pkg: PackageState): Omit<ParseHooks, 'ref' | 'source' | 'config' | 'isIncremental'> {
    return {
      execute: false,
      target: this.targetContext,
      projectName: this.root.name,
      packageName: pkg.name,
      vars: pkg.vars,
      env: this.env,
      this: node.relation ?? { database: this.database, schema: this.schema, identifier: node.name },
      model: nodeDictionary(node),
      dialect: parseTimeDialect,
      docs: (name: string, docPackage?: string) =>
        (this.docs.get(`doc.${docPackage ?? pkg.name}.${name}`) ?? this.docs.get(`doc.${this.root.name}.${name}`))?.blockContents ?? '',
    };
  }

  /** Hooks for a render that only needs the context (YAML values, naming macros). */
  plainHooks(pkg: PackageState, node?: ManifestNode): ParseHooks {
    const base = node
      ? this.hookBase(node, pkg)
      : { execute: false, target: this.targetContext, projectName: this.root.name, packageName: pkg.name, vars: pkg.vars, env: this.env, dialect: parseTimeDialect };
    return { ...base, ref: () => undefined, source: () => undefined, config: () => undefined, isIncremental: () => false };
  }

  /** Where a package's YAML says a thing is, as messages name it. */
  displayPosition(pkg: PackageState, position: SourcePosition): SourcePosition {
    return pkg.files.displayPrefix && !position.file.startsWith(pkg.files.displayPrefix) ? { ...position, file: pkg.files.displayPrefix + position.file } : position;
  }
}
