/**
 * loadProject: files in, ParsedProject out. Every problem found is collected
 * and thrown together as FloeErrors, so a user sees all of them at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { FloeError, FloeErrors, didYouMean, type SourcePosition } from '../../errors/index.js';
import type { ColumnInfo, DocBlock, MacroDefinition, ManifestNode, ParsedProject, ResolvedTarget, ResourceType } from '../types.js';
import { ConfigTree } from './config-tree.js';
import { parseDocBlocks, resolveDocReferences } from './doc-blocks.js';
import { discoverFiles, type FolderListings, type ProjectFile } from './file-discovery.js';
import { buildGenericTestNode, LOOKS_LIKE_FUNCTION, parseTestEntry, type GenericTestTarget } from './generic-tests.js';
import { checkConfigKeys, ConfigResolver, finalizeConfig } from './node-config.js';
import { findCalls, type HookBase, type RenderCacheSlot, type RenderFindings } from './parse-time-render.js';
import { hashOf, openPartialParseCache, PARTIAL_PARSE_FILE, projectKeyOf } from './partial-parse.js';
import { parseTimeDialect } from './parse-time-dialect.js';
import { normalizeTargetConfig, resolveProfile, targetDatabase, targetSchema } from './profiles.js';
import { PROJECT_FILE, parseProjectSettings, resolveVars } from './project-settings.js';
import { parsePropertyFile, type ColumnPatch, type NodePatch, type SourcePatch, type TestEntry } from './property-yaml.js';
import { buildReferenceIndex, resolveDependencies } from './reference-resolution.js';
import { buildSourceTables } from './source-tables.js';
import { nodeDictionary, nodeRelation } from './relation-naming.js';
import { createTemplateEngine, type MacroFile, type ParseHooks, type TemplateEngine } from './template-engine.js';
import { containsJinja, renderYamlJinja } from './yaml-jinja.js';
import { renderConfigString } from './config-string-renderer.js';

export interface LoadProjectOptions {
  projectDir: string;
  /** Folder holding profiles.yml (else DBT_PROFILES_DIR, the project directory, ~/.dbt). */
  profilesDir?: string;
  /** Target name overriding the profile's `target:`. */
  target?: string;
  /** `--vars`: override dbt_project.yml vars. */
  vars?: Record<string, unknown>;
  /** Environment for env_var(); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** A connection resolved elsewhere (floe's platform manifest); profiles.yml is not read. */
  profileOverride?: ResolvedTarget;
  /**
   * Reuse what parse-time Jinja found in unchanged files, kept in `<target-path>/partial_parse.json`
   * (dbt's partial parsing; see partial-parse.ts). Default true; false neither reads nor writes it.
   */
  partialParse?: boolean;
}

const NAMING_MACROS = ['generate_schema_name', 'generate_alias_name', 'generate_database_name'];

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function pushAll(errors: FloeError[], error: unknown): void {
  if (error instanceof FloeErrors) errors.push(...error.errors);
  else if (error instanceof FloeError) errors.push(error);
  else throw error;
}

export async function loadProject(options: LoadProjectOptions): Promise<ParsedProject> {
  const errors: FloeError[] = [];
  const warnings: FloeError[] = [];
  const root = resolve(options.projectDir);
  const env = options.env ?? process.env;
  const cliVars = options.vars ?? {};

  // ── dbt_project.yml ───────────────────────────────────────────────
  const projectFile = join(root, PROJECT_FILE);
  if (!existsSync(projectFile)) {
    throw new FloeErrors([
      new FloeError('FLOE_PROJECT_NOT_FOUND', `no ${PROJECT_FILE} in ${root}`, {
        hint: 'run floe inside a dbt project directory or pass --project-dir',
      }),
    ]);
  }
  const projectFileText = readFileSync(projectFile, 'utf8');
  const loaded = parseProjectSettings(projectFileText, PROJECT_FILE, cliVars, env, errors, warnings);
  if (!loaded) throw new FloeErrors(errors);
  const { settings, positions: projectPositions } = loaded;
  const packageName = settings.name;
  settings.vars = resolveVars(loaded.rawVars, packageName, new Set([packageName]), cliVars);
  const vars = settings.vars;

  // ── profile / target ──────────────────────────────────────────────
  const target =
    (options.profileOverride && { ...options.profileOverride, config: normalizeTargetConfig(options.profileOverride.config, root, packageName) }) ??
    resolveProfile(
      { projectRoot: root, projectName: packageName, profileName: settings.profile, profilesDir: options.profilesDir, target: options.target, env, vars },
      errors,
    ) ??
    // Keep parsing with a stand-in so the user sees every other problem too.
    { profileName: settings.profile ?? packageName, targetName: 'default', threads: 1, config: { type: 'duckdb', path: ':memory:', schema: 'main' } };
  const database = targetDatabase(target.config);
  const schema = targetSchema(target.config);
  const { password: _password, pass: _pass, ...publicConfig } = target.config as Record<string, unknown>;
  const targetContext: Record<string, unknown> = {
    ...publicConfig,
    name: target.targetName,
    target_name: target.targetName,
    profile_name: target.profileName,
    type: target.config.type,
    database,
    schema,
    threads: target.threads,
  };

  for (const file of ['packages.yml', 'dependencies.yml']) {
    if (existsSync(join(root, file))) {
      warnings.push(
        new FloeError('FLOE_PACKAGES_UNSUPPORTED', `${file} is ignored: floe does not install dbt packages yet`, {
          severity: 'warning',
          position: { file },
          hint: "macros and tests from packages (e.g. dbt_utils) will be reported as unknown; copy the macros you need into macros/",
        }),
      );
    }
  }

  // ── files ─────────────────────────────────────────────────────────
  const listings: FolderListings = new Map();
  const modelFiles = discoverFiles(root, settings.modelPaths, ['sql'], true, listings);
  const seedFiles = discoverFiles(root, settings.seedPaths, ['csv'], false, listings);
  // dbt reads `<test-path>/generic/**` as macro files ({% test %} blocks), not as singular tests.
  const allTestFiles = discoverFiles(root, settings.testPaths, ['sql'], true, listings);
  const isGenericTestFile = (file: ProjectFile): boolean => file.folders[0] === 'generic';
  const testFiles = allTestFiles.filter((file) => !isGenericTestFile(file));
  const macroSqlFiles = [...discoverFiles(root, settings.macroPaths, ['sql'], true, listings), ...allTestFiles.filter(isGenericTestFile)];
  const yamlFiles = dedupe(
    discoverFiles(root, [...settings.modelPaths, ...settings.seedPaths, ...settings.snapshotPaths, ...settings.macroPaths, ...settings.testPaths, ...settings.analysisPaths], ['yml', 'yaml'], true, listings),
  );
  const yamlByPath = new Map(yamlFiles.map((file) => [file.originalFilePath, file]));
  const markdownFiles = dedupe(discoverFiles(root, [...settings.docsPaths, ...settings.modelPaths], ['md'], true, listings));

  // ── macros and the template engine ────────────────────────────────
  const macroFiles: MacroFile[] = macroSqlFiles.map((file) => ({ packageName, file: file.originalFilePath, absolutePath: file.absolutePath, source: file.text ?? '' }));
  let engine: TemplateEngine | undefined;
  try {
    engine = await createTemplateEngine({ rootPackage: packageName, adapterType: target.config.type, macroFiles });
  } catch (error) {
    pushAll(errors, error);
  }
  const macroList: MacroDefinition[] = engine ? engine.macros : [];
  const yamlHooks: ParseHooks = {
    execute: false,
    target: targetContext,
    projectName: packageName,
    vars,
    env,
    dialect: parseTimeDialect,
    ref: () => undefined,
    source: () => undefined,
    config: () => undefined,
    isIncremental: () => false,
  };
  /** Jinja inside YAML values (configs, source locations); files without any pay nothing. */
  const renderYaml = <T>(value: T, position: SourcePosition): T => {
    if (!containsJinja(value)) return value;
    const render = (text: string): string =>
      engine ? engine.renderSync(text, position.file, yamlHooks) : String(renderConfigString(text, { env, vars }, position, errors) ?? '');
    return renderYamlJinja(value, render, position, errors) as T;
  };
  const macros = new Map<string, MacroDefinition>(macroList.map((macro) => [macro.uniqueId, macro]));
  const overridden = new Set(macroList.filter((m) => m.packageName === packageName && NAMING_MACROS.includes(m.name)).map((m) => m.name));

  // ── doc blocks ────────────────────────────────────────────────────
  const docs = new Map<string, DocBlock>();
  for (const file of markdownFiles) {
    for (const block of parseDocBlocks(file.text ?? '', packageName, file.originalFilePath)) {
      const existing = docs.get(block.uniqueId);
      if (existing) {
        errors.push(
          new FloeError('FLOE_DUPLICATE_DOC', `doc block '${block.name}' is defined twice: ${existing.originalFilePath} and ${block.originalFilePath}`, {
            position: { file: block.originalFilePath },
          }),
        );
      } else docs.set(block.uniqueId, block);
    }
  }
  const describe = (text: string, position: SourcePosition): string => resolveDocReferences(text, docs, packageName, position, errors);

  // ── partial parsing: what parse-time Jinja found in unchanged files ──
  const parseCache =
    options.partialParse === false || !engine
      ? undefined
      : openPartialParseCache(
          join(resolve(root, settings.targetPath), PARTIAL_PARSE_FILE),
          projectKeyOf({
            projectFile: projectFileText,
            packageName,
            target: targetContext,
            vars,
            macros: macroFiles.map((macro) => [macro.file, macro.source]),
            docs: [...docs.values()].map((doc) => [doc.uniqueId, doc.blockContents]),
          }),
        );
  const cacheSlot = (file: ProjectFile, resourceType: ResourceType): RenderCacheSlot | undefined =>
    parseCache && { cache: parseCache, key: (base) => hashOf(resourceType, file.originalFilePath, base.this, base.model) };

  // ── property YAML ─────────────────────────────────────────────────
  const patches = new Map<string, NodePatch>();
  const sourcePatches: SourcePatch[] = [];
  for (const file of yamlFiles) {
    const parsed = parsePropertyFile(file.text ?? '', file.originalFilePath, file.folders, errors, warnings);
    for (const patch of parsed.nodes) {
      patch.config = renderYaml(patch.config, patch.configPosition);
      const key = `${patch.kind}:${patch.name}`;
      const existing = patches.get(key);
      if (existing) {
        errors.push(
          new FloeError('FLOE_DUPLICATE_PATCH', `'${patch.name}' is described twice under ${patch.kind}: in ${existing.file} and in ${patch.file}`, {
            position: patch.position,
            hint: 'keep one entry per node across all property files',
          }),
        );
      } else patches.set(key, patch);
    }
    for (const source of parsed.sources) {
      source.database = renderYaml(source.database, source.position);
      source.schema = renderYaml(source.schema, source.position);
      source.config = renderYaml(source.config, source.position);
      for (const table of source.tables) {
        table.identifier = renderYaml(table.identifier, table.position);
        table.config = renderYaml(table.config, table.position);
      }
      sourcePatches.push(source);
    }
  }

  // ── config trees ──────────────────────────────────────────────────
  const segmentNames = new Set<string>([packageName]);
  for (const file of [...modelFiles, ...seedFiles, ...testFiles]) {
    for (const folder of file.folders) segmentNames.add(folder);
    segmentNames.add(file.stem);
  }
  for (const source of sourcePatches) {
    for (const folder of source.folders) segmentNames.add(folder);
    segmentNames.add(source.name);
    for (const table of source.tables) segmentNames.add(table.name);
  }
  const tree = (key: string): ConfigTree => new ConfigTree(settings.configTrees[key], key, segmentNames, projectPositions, warnings, renderYaml);
  const trees = { models: tree('models'), seeds: tree('seeds'), tests: tree('tests'), data_tests: tree('data_tests'), sources: tree('sources') };
  const configs = new ConfigResolver();
  const treeLayers = (resourceType: ResourceType, fqn: string[]): Array<Record<string, unknown>> => {
    if (resourceType === 'model') return trees.models.configsFor(fqn);
    if (resourceType === 'seed') return trees.seeds.configsFor(fqn);
    if (resourceType === 'test') return [...trees.tests.configsFor(fqn), ...trees.data_tests.configsFor(fqn)];
    return [];
  };

  const hookBase = (node: ManifestNode): HookBase => ({
    execute: false,
    target: targetContext,
    projectName: packageName,
    vars,
    env,
    this: node.relation ?? { database, schema, identifier: node.name },
    model: nodeDictionary(node),
    dialect: parseTimeDialect,
    docs: (name: string, pkg?: string) => docs.get(`doc.${pkg ?? packageName}.${name}`)?.blockContents ?? '',
  });
  const engineAccessor = (): TemplateEngine | null => engine ?? null;
  const hooksFor = (node: ManifestNode) => ({ ...hookBase(node), ref: () => undefined, source: () => undefined, config: () => undefined, isIncremental: () => false });

  // ── nodes from files (models, seeds, singular tests) ──────────────
  const allNodes: ManifestNode[] = [];
  const findingsById = new Map<string, RenderFindings>();
  const disabled = new Map<string, string>();

  const buildFileNode = (file: ProjectFile, resourceType: 'model' | 'seed' | 'test'): void => {
    const name = file.stem;
    const fqn = [packageName, ...file.folders, name];
    const rawCode = resourceType === 'seed' ? '' : (file.text ?? '');
    const position: SourcePosition = { file: file.originalFilePath };
    const uniqueId = `${resourceType}.${packageName}.${name}`;
    const patch = resourceType === 'test' ? undefined : patches.get(`${resourceType}s:${name}`);
    if (patch) matchedPatches.add(patch);
    const node: ManifestNode = {
      uniqueId,
      resourceType,
      name,
      packageName,
      path: file.path,
      originalFilePath: file.originalFilePath,
      absolutePath: file.absolutePath,
      fqn,
      rawCode,
      checksum: resourceType === 'seed' ? seedChecksum(file) : sha256(rawCode),
      config: { enabled: true, materialized: 'view', tags: [], meta: {} },
      description: '',
      columns: {},
      patchPath: patch ? `${packageName}://${patch.file}` : undefined,
      refs: [],
      sources: [],
      dependsOn: { nodes: [], macros: [] },
      position,
    };
    const fromTree = treeLayers(resourceType, fqn);
    const layers: Array<Record<string, unknown>> = [];
    if (patch) {
      checkConfigKeys(patch.config, patch.configPosition, warnings);
      layers.push(patch.config);
    }
    if (resourceType !== 'seed') {
      const findings = findCalls(rawCode, file.originalFilePath, engineAccessor, () => {
        // Only when Jinja renders: the config so far is visible to it (e.g. config.get('materialized')).
        node.config = configs.resolve(resourceType, fromTree, layers) as ManifestNode['config'];
        return hookBase(node);
      }, errors, cacheSlot(file, resourceType));
      for (const values of findings.configs) {
        checkConfigKeys(values, position, warnings);
        layers.push(values);
      }
      findingsById.set(uniqueId, findings);
    }
    node.config = finalizeConfig(configs.resolve(resourceType, fromTree, layers), patch?.configPosition ?? position, uniqueId, errors);
    if (node.config.enabled === false) {
      if (resourceType !== 'test') disabled.set(name, uniqueId);
      return;
    }
    if (patch) {
      node.description = describe(patch.description, patch.position);
      node.columns = columnsFrom(patch.columns, describe);
    }
    allNodes.push(node);
  };

  const matchedPatches = new Set<NodePatch>();
  for (const file of modelFiles) buildFileNode(file, 'model');
  for (const file of seedFiles) buildFileNode(file, 'seed');
  for (const file of testFiles) buildFileNode(file, 'test');

  // Duplicate names among refable nodes (and among singular tests).
  const byName = new Map<string, ManifestNode>();
  for (const node of allNodes) {
    const key = node.resourceType === 'test' ? `test:${node.name}` : `ref:${node.name}`;
    const existing = byName.get(key);
    if (existing) {
      errors.push(
        new FloeError('FLOE_DUPLICATE_NODE', `two resources are named '${node.name}': ${existing.originalFilePath} and ${node.originalFilePath}`, {
          position: node.position,
          hint: 'ref() finds nodes by file name, so names must be unique within a project; rename one file (or set enabled: false on one)',
        }),
      );
    } else byName.set(key, node);
  }

  for (const patch of patches.values()) {
    if (matchedPatches.has(patch) || patch.kind === 'snapshots' || patch.kind === 'analyses') continue;
    if (disabled.has(patch.name)) continue;
    const kind = patch.kind === 'models' ? 'model' : 'seed';
    const candidates = patch.kind === 'models' ? modelFiles.map((f) => f.stem) : seedFiles.map((f) => f.stem);
    warnings.push(
      new FloeError('FLOE_PATCH_NOT_FOUND', `'${patch.name}' is described under ${patch.kind}: but there is no ${kind} file named ${patch.name}`, {
        severity: 'warning',
        position: patch.position,
        hint: didYouMean(patch.name, candidates) || `create ${kind === 'model' ? 'models' : 'seeds'}/${patch.name}.${kind === 'model' ? 'sql' : 'csv'} or remove the entry`,
      }),
    );
  }

  // ── sources ───────────────────────────────────────────────────────
  const built = buildSourceTables(sourcePatches, {
    packageName,
    targetDatabase: database,
    tree: trees.sources,
    configs,
    describe,
    columnsFrom: (columns) => columnsFrom(columns, describe),
    errors,
    warnings,
  });
  const { sources, disabled: disabledSources, tests: sourceTests } = built;

  // ── generic tests from property YAML ──────────────────────────────
  const testMacroIds = new Map<string, string>();
  for (const macro of macroList) if (macro.name.startsWith('test_')) {
    const key = `${macro.packageName}.${macro.name}`;
    testMacroIds.set(key, macro.uniqueId);
  }
  const testMacroFor = (testName: string, namespace: string | undefined): string | undefined => {
    const macroName = `test_${testName}`;
    if (namespace) return testMacroIds.get(`${namespace}.${macroName}`);
    return testMacroIds.get(`${packageName}.${macroName}`) ?? testMacroIds.get(`dbt.${macroName}`) ?? [...macroList].find((m) => m.name === macroName)?.uniqueId;
  };
  const builtinTests = new Set(['unique', 'not_null', 'accepted_values', 'relationships']);
  const testNodes: ManifestNode[] = [];
  const testUniqueIds = new Map<string, ManifestNode>();

  const addGenericTests = (entries: TestEntry[], column: ColumnPatch | undefined, target: GenericTestTarget): void => {
    for (const entry of entries) {
      const spec = parseTestEntry(entry, column?.name, errors);
      if (!spec) continue;
      const { node, yamlConfig } = buildGenericTestNode(spec, target);
      checkConfigKeys(yamlConfig, entry.position, warnings);
      const tags = column ? column.tags : [];
      const layers = tags.length ? [{ tags }, yamlConfig] : [yamlConfig];
      node.config = finalizeConfig(configs.resolve('test', treeLayers('test', node.fqn), layers), entry.position, node.uniqueId, errors);
      if (node.config.enabled === false) continue;
      const macroId = testMacroFor(spec.testName, spec.namespace);
      if (macroId) node.dependsOn.macros.push(macroId);
      else if (engine || spec.namespace || !builtinTests.has(spec.testName)) {
        const known = macroList.filter((m) => m.name.startsWith('test_')).map((m) => m.name.slice(5));
        errors.push(
          new FloeError('FLOE_TEST_NOT_FOUND', `unknown generic test '${spec.namespace ? `${spec.namespace}.` : ''}${spec.testName}'`, {
            position: entry.position,
            hint: didYouMean(spec.testName, known) || `define it with {% test ${spec.testName}(model, column_name) %} … {% endtest %} in a macros/ file`,
          }),
        );
        continue;
      }
      // Arguments written as ref('x') / source('a', 'b') (relationships' `to`) are dependencies too.
      for (const [key, value] of Object.entries(spec.args)) {
        if (key === 'column_name' || typeof value !== 'string' || !LOOKS_LIKE_FUNCTION.test(value)) continue;
        const findings = findCalls(`{{ ${value} }}`, entry.position.file, engineAccessor, () => hookBase(node), errors);
        for (const ref of findings.refs) node.refs.push({ ...ref, position: entry.position });
        for (const found of findings.sources) node.sources.push([found.sourceName, found.tableName]);
      }
      const existing = testUniqueIds.get(node.uniqueId);
      if (existing) {
        errors.push(
          new FloeError('FLOE_DUPLICATE_NODE', `the test ${node.name} is defined twice (same test, same arguments)`, {
            position: entry.position,
            hint: 'remove the repeated entry, or give one a distinct name: with name:',
          }),
        );
        continue;
      }
      testUniqueIds.set(node.uniqueId, node);
      testNodes.push(node);
    }
  };

  for (const node of allNodes) {
    if (node.resourceType !== 'model' && node.resourceType !== 'seed') continue;
    const patch = patches.get(`${node.resourceType}s:${node.name}`);
    if (!patch) continue;
    const yamlFile = yamlByPath.get(patch.file) as ProjectFile;
    const target: GenericTestTarget = {
      uniqueId: node.uniqueId,
      nameForTest: node.name,
      modelExpression: `{{ get_where_subquery(ref('${node.name}')) }}`,
      isSource: false,
      packageName,
      originalFilePath: patch.file,
      absolutePath: yamlFile.absolutePath,
      folders: yamlFile.folders,
      refs: [{ name: node.name, position: patch.position }],
      sources: [],
    };
    addGenericTests(patch.tests, undefined, target);
    for (const column of patch.columns) addGenericTests(column.tests, column, target);
  }
  for (const { table, tests, columns } of sourceTests) {
    const yamlFile = yamlByPath.get(table.originalFilePath) as ProjectFile;
    const target: GenericTestTarget = {
      uniqueId: table.uniqueId,
      nameForTest: `${table.sourceName}_${table.name}`,
      modelExpression: `{{ get_where_subquery(source('${table.sourceName}', '${table.name}')) }}`,
      isSource: true,
      packageName,
      originalFilePath: table.originalFilePath,
      absolutePath: yamlFile.absolutePath,
      folders: yamlFile.folders,
      refs: [],
      sources: [[table.sourceName, table.name]],
    };
    addGenericTests(tests, undefined, target);
    for (const column of columns) addGenericTests(column.tests, column, target);
  }

  // ── dependencies ──────────────────────────────────────────────────
  resolveDependencies(allNodes, findingsById, testNodes, buildReferenceIndex(allNodes, sources.values(), disabled, disabledSources), errors);

  // ── relations ─────────────────────────────────────────────────────
  const naming = { targetDatabase: database, targetSchema: schema, engine, overridden, hooks: hooksFor };
  for (const node of allNodes) {
    if (node.resourceType === 'test' || node.config.materialized === 'ephemeral') continue;
    node.relation = await nodeRelation(node, naming, errors);
  }

  for (const config of [trees.models, trees.seeds, trees.tests, trees.data_tests, trees.sources]) {
    for (const unused of config.unusedPaths()) {
      warnings.push(
        new FloeError('FLOE_UNUSED_CONFIG_PATH', `config path '${unused.path}' in ${PROJECT_FILE} matches no resource`, {
          severity: 'warning',
          position: unused.position,
          hint: 'check the folder names (configs of a mapping value need a + prefix, e.g. +meta:)',
        }),
      );
    }
  }

  if (errors.length > 0) throw new FloeErrors(errors);
  parseCache?.save();

  const nodes = new Map<string, ManifestNode>();
  for (const node of allNodes) nodes.set(node.uniqueId, node);
  for (const node of testNodes) nodes.set(node.uniqueId, node);
  return { root, settings, target, vars, nodes, sources, macros, docs, warnings };
}

function dedupe(files: ProjectFile[]): ProjectFile[] {
  const seen = new Set<string>();
  return files.filter((file) => (seen.has(file.absolutePath) ? false : (seen.add(file.absolutePath), true)));
}

function seedChecksum(file: ProjectFile): string {
  // dbt hashes seeds up to 1 MiB and uses the path for larger files.
  try {
    if (statSync(file.absolutePath).size > 1024 * 1024) return file.originalFilePath;
    return sha256(readFileSync(file.absolutePath));
  } catch {
    return '';
  }
}

function columnsFrom(columns: ColumnPatch[], describe: (text: string, position: SourcePosition) => string): Record<string, ColumnInfo> {
  const result: Record<string, ColumnInfo> = {};
  for (const column of columns) {
    result[column.name] = {
      name: column.name,
      description: describe(column.description, column.position),
      ...(column.dataType !== undefined ? { data_type: column.dataType } : {}),
      meta: column.meta,
      tags: column.tags,
      position: column.position,
    };
  }
  return result;
}
