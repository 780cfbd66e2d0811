/**
 * The parse as a function of a file snapshot: phases in order, each adding
 * what it finds to the session and its problems to the session's lists.
 * No disk, no network; the partial-parse cache is handed in by the caller.
 *
 *   packages → macros + docs → property YAML → config trees → file nodes
 *   → sources + generic tests → unit tests → dependencies → relations
 */
import { FloeError, FloeErrors } from '../../errors/index.js';
import type { MacroDefinition, ManifestNode, ParsedProject } from '../types.js';
import { buildConfigTrees, unusedConfigPathWarnings } from './config-phase.js';
import { buildFileNodes, unmatchedPatchWarnings } from './file-node-phase.js';
import { buildTemplateEngine, collectDocBlocks, macroFilesOf } from './macro-phase.js';
import { preparePackages } from './package-phase.js';
import type { PartialParseCache } from './partial-parse.js';
import { readPropertyFiles } from './property-phase.js';
import { assignRelations, resolveNodeDependencies } from './relation-phase.js';
import { ParseSession, type ProjectSnapshot } from './parse-session.js';
import { targetDatabase, targetSchema } from './profiles.js';
import { buildGenericTests, buildSources } from './test-phase.js';
import { buildUnitTests } from './unit-test-phase.js';
import type { MacroFile } from './template-engine.js';

export interface ParseOptions {
  /** Opens the partial-parse cache once the project key is known (the caller owns reading and writing it). */
  openCache?(projectKeyInputs: Record<string, unknown>, targetPath: string): PartialParseCache | undefined;
}

export interface ParseOutcome {
  project: ParsedProject;
  cache: PartialParseCache | undefined;
}

/** Errors thrown by a parse; the warnings found on the way travel with them (printed even though parsing failed). */
export class ParseErrors extends FloeErrors {
  constructor(
    errors: FloeError[],
    readonly warnings: FloeError[],
  ) {
    super(errors);
  }
}

/** The same problem reported by several nodes (a package macro that fails for each caller) is shown once. */
function unique(errors: FloeError[]): FloeError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.code}\0${error.message}\0${JSON.stringify(error.position ?? null)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function targetContextOf(session: ParseSession): Record<string, unknown> {
  const { target } = session.snapshot;
  const { password: _password, pass: _pass, ...publicConfig } = target.config as Record<string, unknown>;
  return {
    ...publicConfig,
    name: target.targetName,
    target_name: target.targetName,
    profile_name: target.profileName,
    type: target.config.type,
    database: session.database,
    schema: session.schema,
    threads: target.threads,
  };
}

function projectKeyInputs(session: ParseSession, macroFiles: MacroFile[]): Record<string, unknown> {
  return {
    projects: session.packages.map((pkg) => [pkg.name, pkg.files.projectFileText]),
    packageName: session.root.name,
    target: session.targetContext,
    vars: session.packages.map((pkg) => [pkg.name, pkg.vars]),
    macros: macroFiles.map((macro) => [macro.packageName, macro.file, macro.source]),
    docs: [...session.docs.values()].map((doc) => [doc.uniqueId, doc.blockContents]),
  };
}

export async function parseProject(snapshot: ProjectSnapshot, options: ParseOptions = {}): Promise<ParseOutcome> {
  const session = new ParseSession(snapshot);
  const { root } = snapshot;
  const rootSettings = root.loaded.settings;
  session.database = targetDatabase(snapshot.target.config);
  session.schema = targetSchema(snapshot.target.config);
  session.targetContext = targetContextOf(session);

  preparePackages(session);
  const macroFiles = macroFilesOf(session);
  await buildTemplateEngine(session, macroFiles);
  collectDocBlocks(session);
  const cache = session.engine && options.openCache ? options.openCache(projectKeyInputs(session, macroFiles), rootSettings.targetPath) : undefined;
  session.cache = cache;

  readPropertyFiles(session);
  buildConfigTrees(session);
  buildFileNodes(session);
  unmatchedPatchWarnings(session);
  const sources = buildSources(session);
  buildGenericTests(session, sources);
  buildUnitTests(session);
  resolveNodeDependencies(session);
  await assignRelations(session);
  unusedConfigPathWarnings(session);

  if (session.errors.length > 0) throw new ParseErrors(unique(session.errors), unique(session.warnings));

  const nodes = new Map<string, ManifestNode>();
  for (const node of session.nodes) nodes.set(node.uniqueId, node);
  for (const node of session.testNodes) nodes.set(node.uniqueId, node);
  const macros = new Map<string, MacroDefinition>((session.engine?.macros ?? []).map((macro) => [macro.uniqueId, macro]));
  const packages = new Map(session.packages.map((pkg) => [pkg.name, { name: pkg.name, root: pkg.files.dir, settings: pkg.settings, vars: pkg.vars, isRoot: pkg === session.root }]));
  return {
    project: {
      root: root.dir,
      settings: rootSettings,
      target: snapshot.target,
      vars: session.root.vars,
      packages,
      nodes,
      sources: session.sources,
      macros,
      docs: session.docs,
      warnings: session.warnings,
    },
    cache,
  };
}
