/**
 * Phase 3: every project's property YAML → node patches, source patches and
 * unit tests, with the Jinja dbt renders in YAML values (configs, source
 * locations) rendered in the package's own context.
 */
import { FloeError, type SourcePosition } from '../../errors/index.js';
import { renderConfigString } from './config-string-renderer.js';
import type { PackageState, ParseSession } from './parse-session.js';
import { parsePropertyFile } from './property-yaml.js';
import { containsJinja, renderYamlJinja } from './yaml-jinja.js';

/** A YAML value with Jinja rendered (values without any are returned as they are, for free). */
export function yamlRenderer(session: ParseSession, pkg: PackageState): <T>(value: T, position: SourcePosition) => T {
  const hooks = session.plainHooks(pkg);
  return <T>(value: T, position: SourcePosition): T => {
    if (!containsJinja(value)) return value;
    const render = (text: string): string =>
      session.engine ? session.engine.renderSync(text, position.file, hooks) : String(renderConfigString(text, { env: session.env, vars: pkg.vars }, position, session.errors) ?? '');
    return renderYamlJinja(value, render, position, session.errors) as T;
  };
}

export function readPropertyFiles(session: ParseSession): void {
  for (const pkg of session.packages) {
    const renderYaml = yamlRenderer(session, pkg);
    for (const file of pkg.files.yaml) {
      const label = file.displayPath ?? file.originalFilePath;
      const parsed = parsePropertyFile(file.text ?? '', label, file.folders, session.errors, session.warnings);
      for (const patch of parsed.nodes) {
        patch.config = renderYaml(patch.config, patch.configPosition);
        const key = `${patch.kind}:${patch.name}`;
        const existing = pkg.patches.get(key);
        if (existing) {
          session.errors.push(
            new FloeError('FLOE_DUPLICATE_PATCH', `'${patch.name}' is described twice under ${patch.kind}: in ${existing.file} and in ${patch.file}`, {
              position: patch.position,
              hint: 'keep one entry per node across all property files',
            }),
          );
        } else pkg.patches.set(key, patch);
      }
      for (const source of parsed.sources) {
        source.database = renderYaml(source.database, source.position);
        source.schema = renderYaml(source.schema, source.position);
        source.config = renderYaml(source.config, source.position);
        for (const table of source.tables) {
          table.identifier = renderYaml(table.identifier, table.position);
          table.config = renderYaml(table.config, table.position);
        }
        pkg.sourcePatches.push(source);
      }
      for (const unitTest of parsed.unitTests) {
        unitTest.config = renderYaml(unitTest.config, unitTest.position);
        pkg.unitTests.push(unitTest);
      }
    }
  }
}
