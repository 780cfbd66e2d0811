/**
 * Phase 6: sources (one node per table) and the generic tests written in
 * property YAML — on models, seeds, snapshots, source tables and their
 * columns — for every project. A test's macro is looked up in its namespace
 * (`dbt_utils.expression_is_true`), else in the node's own package, the
 * root project, dbt's builtins, then any package.
 */
import { didYouMean, FloeError } from '../../errors/index.js';
import type { ManifestNode, MacroDefinition } from '../types.js';
import { treeLayers } from './config-phase.js';
import { columnsFrom, describer } from './file-node-phase.js';
import { buildGenericTestNode, LOOKS_LIKE_FUNCTION, parseTestEntry, type GenericTestTarget } from './generic-tests.js';
import { checkConfigKeys, finalizeConfig } from './node-config.js';
import { findCalls } from './parse-time-render.js';
import type { PackageState, ParseSession } from './parse-session.js';
import type { ColumnPatch, TestEntry } from './property-yaml.js';
import { buildSourceTables } from './source-tables.js';

const BUILTIN_TESTS = new Set(['unique', 'not_null', 'accepted_values', 'relationships']);

export function buildSources(session: ParseSession): Array<{ pkg: PackageState; built: ReturnType<typeof buildSourceTables> }> {
  const result: Array<{ pkg: PackageState; built: ReturnType<typeof buildSourceTables> }> = [];
  for (const pkg of session.packages) {
    const describe = describer(session, pkg);
    const built = buildSourceTables(pkg.sourcePatches, {
      packageName: pkg.name,
      targetDatabase: session.database,
      tree: { configsFor: (fqn) => treeLayers(session, pkg, 'source', fqn) },
      configs: session.configs,
      describe,
      columnsFrom: (columns) => columnsFrom(columns, describe),
      errors: session.errors,
      warnings: session.warnings,
    });
    for (const [id, source] of built.sources) session.sources.set(id, source);
    for (const disabled of built.disabled) session.disabledSources.add(disabled);
    result.push({ pkg, built });
  }
  return result;
}

function testMacroFinder(macros: readonly MacroDefinition[]): (testName: string, namespace: string | undefined, packageName: string, rootName: string) => string | undefined {
  const ids = new Map<string, string>();
  const anyPackage = new Map<string, string>();
  for (const macro of macros) {
    if (!macro.name.startsWith('test_')) continue;
    ids.set(`${macro.packageName}.${macro.name}`, macro.uniqueId);
    if (!anyPackage.has(macro.name)) anyPackage.set(macro.name, macro.uniqueId);
  }
  return (testName, namespace, packageName, rootName) => {
    const macroName = `test_${testName}`;
    if (namespace) return ids.get(`${namespace}.${macroName}`);
    return ids.get(`${packageName}.${macroName}`) ?? ids.get(`${rootName}.${macroName}`) ?? ids.get(`dbt.${macroName}`) ?? anyPackage.get(macroName);
  };
}

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function buildGenericTests(session: ParseSession, sources: ReturnType<typeof buildSources>): void {
  const macroList = session.engine ? session.engine.macros : [];
  const testMacroFor = testMacroFinder(macroList);
  const seen = new Map<string, ManifestNode>();
  const engineAccessor = () => session.engine ?? null;

  const addGenericTests = (pkg: PackageState, entries: TestEntry[], column: ColumnPatch | undefined, target: GenericTestTarget, attachedTo: ManifestNode | undefined): void => {
    for (const entry of entries) {
      // `quote: true` columns reach the test quoted, as dbt passes them (`where "we""ird" is null`).
      const columnName = column ? (column.quote ? quoteName(column.name) : column.name) : undefined;
      const spec = parseTestEntry(entry, columnName, session.errors);
      if (!spec) continue;
      const { node, yamlConfig } = buildGenericTestNode(spec, target);
      checkConfigKeys(yamlConfig, entry.position, session.warnings);
      const tags = column ? column.tags : [];
      const layers = tags.length ? [{ tags }, yamlConfig] : [yamlConfig];
      node.config = finalizeConfig(session.configs.resolve('test', treeLayers(session, pkg, 'test', node.fqn), layers), entry.position, node.uniqueId, session.errors);
      if (node.config.enabled === false) continue;
      const macroId = testMacroFor(spec.testName, spec.namespace, pkg.name, session.root.name);
      if (macroId) node.dependsOn.macros.push(macroId);
      else if (session.engine || spec.namespace || !BUILTIN_TESTS.has(spec.testName)) {
        const known = macroList.filter((m) => m.name.startsWith('test_')).map((m) => (m.packageName === 'dbt' || m.packageName === session.root.name ? m.name.slice(5) : `${m.packageName}.${m.name.slice(5)}`));
        const label = `${spec.namespace ? `${spec.namespace}.` : ''}${spec.testName}`;
        const packageMissing = spec.namespace !== undefined && !session.packages.some((p) => p.name === spec.namespace);
        session.errors.push(
          new FloeError('FLOE_TEST_NOT_FOUND', `unknown generic test '${label}'`, {
            position: entry.position,
            hint: packageMissing
              ? `'${spec.namespace}' is not an installed package: add it to packages.yml and run floe deps`
              : didYouMean(label, known) || `define it with {% test ${spec.testName}(model, column_name) %} … {% endtest %} in a macros/ file`,
          }),
        );
        continue;
      }
      if (column && column.quote) node.columnName = column.name;
      // Arguments written as ref('x') / source('a', 'b') (relationships' `to`) are dependencies too.
      for (const [key, value] of Object.entries(spec.args)) {
        if (key === 'column_name' || typeof value !== 'string' || !LOOKS_LIKE_FUNCTION.test(value)) continue;
        const host = attachedTo ?? node;
        const findings = findCalls(`{{ ${value} }}`, entry.position.file, engineAccessor, () => session.hookBase(host, pkg), session.errors);
        for (const ref of findings.refs) node.refs.push({ ...ref, position: entry.position });
        for (const found of findings.sources) node.sources.push([found.sourceName, found.tableName]);
      }
      const existing = seen.get(node.uniqueId);
      if (existing) {
        session.errors.push(
          new FloeError('FLOE_DUPLICATE_NODE', `the test ${node.name} is defined twice (same test, same arguments)`, {
            position: entry.position,
            hint: 'remove the repeated entry, or give one a distinct name: with name:',
          }),
        );
        continue;
      }
      seen.set(node.uniqueId, node);
      session.testNodes.push(node);
    }
  };

  for (const node of session.nodes) {
    if (node.resourceType !== 'model' && node.resourceType !== 'seed' && node.resourceType !== 'snapshot') continue;
    const pkg = session.packages.find((p) => p.name === node.packageName) as PackageState;
    const patch = pkg.patches.get(`${node.resourceType}s:${node.name}`);
    if (!patch) continue;
    const yamlFile = pkg.yamlByDisplayPath.get(patch.file);
    if (!yamlFile) continue;
    const target: GenericTestTarget = {
      uniqueId: node.uniqueId,
      nameForTest: node.name,
      modelExpression: `{{ get_where_subquery(ref('${node.name}')) }}`,
      isSource: false,
      packageName: pkg.name,
      originalFilePath: yamlFile.originalFilePath,
      absolutePath: yamlFile.absolutePath,
      folders: yamlFile.folders,
      refs: [{ ...(pkg === session.root ? {} : { package: pkg.name }), name: node.name, position: patch.position }],
      sources: [],
    };
    addGenericTests(pkg, patch.tests, undefined, target, node);
    for (const column of patch.columns) addGenericTests(pkg, column.tests, column, target, node);
  }
  for (const { pkg, built } of sources) {
    for (const { table, tests, columns } of built.tests) {
      const yamlFile = pkg.yamlByDisplayPath.get(table.originalFilePath);
      if (!yamlFile) continue;
      table.originalFilePath = yamlFile.originalFilePath;
      const target: GenericTestTarget = {
        uniqueId: table.uniqueId,
        nameForTest: `${table.sourceName}_${table.name}`,
        modelExpression: `{{ get_where_subquery(source('${table.sourceName}', '${table.name}')) }}`,
        isSource: true,
        packageName: pkg.name,
        originalFilePath: yamlFile.originalFilePath,
        absolutePath: yamlFile.absolutePath,
        folders: yamlFile.folders,
        refs: [],
        sources: [[table.sourceName, table.name]],
      };
      addGenericTests(pkg, tests, undefined, target, undefined);
      for (const column of columns) addGenericTests(pkg, column.tests, column, target, undefined);
    }
  }
}
