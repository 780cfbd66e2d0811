/**
 * Phase 7: `unit_tests:` of property YAML → unit test nodes (dbt 1.8+). Each
 * names its model, the rows standing in for the model's inputs (`given`:
 * dicts, CSV, SQL, or a fixture file) and the rows it must produce
 * (`expect`). They run before their model (see run-plan.ts).
 */
import { FloeError, nearestName } from '../../errors/index.js';
import type { ManifestNode, NodeConfig, UnitTestFixture, UnitTestInput } from '../types.js';
import { treeLayers } from './config-phase.js';
import { checkConfigKeys, finalizeConfig } from './node-config.js';
import type { PackageState, ParseSession } from './parse-session.js';
import type { UnitTestFixturePatch } from './property-yaml.js';
import { isMapping } from './yaml-with-positions.js';

const KNOWN_OVERRIDES = new Set(['vars', 'macros', 'env_vars']);

function fixtureOf(pkg: PackageState, patch: UnitTestFixturePatch, errors: FloeError[]): UnitTestFixture | undefined {
  const format = patch.format as UnitTestFixture['format'];
  if (patch.fixture !== undefined) {
    const wanted = `${patch.fixture}.${format === 'sql' ? 'sql' : 'csv'}`;
    const file = pkg.files.fixtures.find((f) => f.path === `fixtures/${wanted}` || f.path.endsWith(`/${wanted}`) || `${f.stem}.${f.extension}` === wanted);
    if (!file) {
      errors.push(
        new FloeError('FLOE_UNIT_TEST_INVALID', `fixture '${patch.fixture}' not found`, {
          position: patch.position,
          hint: `put it in ${pkg.settings.testPaths[0] ?? 'tests'}/fixtures/${wanted} (format: ${format === 'dict' ? 'csv' : format})`,
        }),
      );
      return undefined;
    }
    return { format: format === 'sql' ? 'sql' : 'csv', rows: file.text ?? '' };
  }
  if (format === 'dict') {
    const rows = patch.rows ?? [];
    if (!Array.isArray(rows) || !rows.every((row) => isMapping(row))) {
      errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', 'rows: must be a list of mappings (column: value) for format: dict', { position: patch.position }));
      return undefined;
    }
    return { format, rows: rows as Array<Record<string, unknown>> };
  }
  if (typeof patch.rows !== 'string') {
    errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `rows: must be text for format: ${format}`, { position: patch.position, hint: 'use a YAML block scalar: rows: |' }));
    return undefined;
  }
  return { format, rows: patch.rows };
}

export function buildUnitTests(session: ParseSession): void {
  for (const pkg of session.packages) {
    for (const patch of pkg.unitTests) {
      const yamlFile = pkg.yamlByDisplayPath.get(patch.file);
      if (!yamlFile) continue;
      const model =
        session.nodes.find((n) => n.resourceType === 'model' && n.name === patch.model && n.packageName === pkg.name) ??
        session.nodes.find((n) => n.resourceType === 'model' && n.name === patch.model);
      if (!model) {
        const suggestion = nearestName(patch.model, session.nodes.filter((n) => n.resourceType === 'model').map((n) => n.name));
        session.errors.push(
          new FloeError('FLOE_UNIT_TEST_INVALID', `unit test '${patch.name}' tests model '${patch.model}', which does not exist (or is disabled)`, {
            position: patch.position,
            hint: suggestion ? `did you mean model: ${suggestion}?` : 'model: names the model file without .sql',
          }),
        );
        continue;
      }
      if (model.config.materialized === 'ephemeral') {
        session.errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `unit test '${patch.name}': model '${patch.model}' is ephemeral, and ephemeral models cannot be unit tested`, { position: patch.position }));
        continue;
      }
      const given: UnitTestInput[] = [];
      for (const input of patch.given) {
        const fixture = fixtureOf(pkg, input, session.errors);
        if (fixture) given.push({ input: String(input.input).trim(), ...fixture });
      }
      const expect = fixtureOf(pkg, patch.expect, session.errors);
      if (!expect) continue;
      for (const key of Object.keys(patch.overrides)) {
        if (!KNOWN_OVERRIDES.has(key)) {
          session.warnings.push(
            new FloeError('FLOE_UNIT_TEST_UNSUPPORTED', `unit test '${patch.name}': overrides.${key} is not supported and is ignored`, { severity: 'warning', position: patch.position, hint: 'overrides takes vars, macros and env_vars' }),
          );
        }
      }
      const overrides = {
        vars: isMapping(patch.overrides.vars) ? patch.overrides.vars : {},
        macros: isMapping(patch.overrides.macros) ? patch.overrides.macros : {},
        env_vars: isMapping(patch.overrides.env_vars) ? Object.fromEntries(Object.entries(patch.overrides.env_vars).map(([k, v]) => [k, String(v)])) : {},
      };
      const fqn = [pkg.name, ...yamlFile.folders, patch.model, patch.name];
      checkConfigKeys(patch.config, patch.position, session.warnings);
      const config = finalizeConfig(session.configs.resolve('unit_test', treeLayers(session, pkg, 'unit_test', fqn), [patch.config]), patch.position, patch.name, session.errors) as NodeConfig;
      if (config.enabled === false) continue;
      const node: ManifestNode = {
        uniqueId: `unit_test.${pkg.name}.${patch.model}.${patch.name}`,
        resourceType: 'unit_test',
        name: patch.name,
        packageName: pkg.name,
        path: yamlFile.path,
        originalFilePath: yamlFile.originalFilePath,
        absolutePath: yamlFile.absolutePath,
        fqn,
        rawCode: '',
        checksum: '',
        config: { ...config, materialized: 'unit' as NodeConfig['materialized'] },
        description: patch.description,
        columns: {},
        refs: [],
        sources: [],
        dependsOn: { nodes: [model.uniqueId], macros: [] },
        attachedNode: model.uniqueId,
        unitTest: { model: model.uniqueId, given, expect, overrides },
        position: patch.position,
      };
      session.testNodes.push(node);
    }
  }
}
