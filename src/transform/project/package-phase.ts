/**
 * Phase 1 of a parse: one PackageState per project of the snapshot (the root
 * first), with its variables scoped as dbt scopes them and its
 * `require-dbt-version` checked against the dbt version floe is compatible with.
 */
import { FloeError } from '../../errors/index.js';
import { DBT_COMPATIBLE_VERSION } from '../dbt-version.js';
import { satisfiesSpecifiers } from '../packages/index.js';
import { ConfigTree } from './config-tree.js';
import type { ConfigTreeKind, PackageState, ParseSession } from './parse-session.js';
import { PROJECT_FILE, resolveVars } from './project-settings.js';
import type { ProjectFiles } from './project-files.js';

const EMPTY_TREES = (): Record<ConfigTreeKind, ConfigTree> => {
  const empty = new ConfigTree(undefined, '', new Set(), undefined as never, []);
  return { models: empty, seeds: empty, tests: empty, data_tests: empty, sources: empty, snapshots: empty, unit_tests: empty };
};

export function preparePackages(session: ParseSession): void {
  const { root, packages, cliVars } = session.snapshot;
  const all: ProjectFiles[] = [root, ...packages];
  const names = new Set(all.map((files) => files.loaded.settings.name));
  const rootRaw = root.loaded.rawVars;
  const seen = new Map<string, ProjectFiles>();
  for (const files of all) {
    const { settings } = files.loaded;
    const other = seen.get(settings.name);
    if (other) {
      session.errors.push(
        new FloeError('FLOE_PACKAGE_DUPLICATE', `two projects are named '${settings.name}': ${other.displayPrefix || 'the root project'} and ${files.displayPrefix}`, {
          position: { file: files.displayPrefix + PROJECT_FILE },
          hint: 'a package may not share its name with the root project or another package; remove one of them (floe deps installs each once)',
        }),
      );
      continue;
    }
    seen.set(settings.name, files);
    // dbt's precedence for a package: its own vars < the root's global vars < the root's vars scoped to it < --vars.
    const vars = files.isRoot
      ? resolveVars(rootRaw, settings.name, names, cliVars)
      : { ...resolveVars(files.loaded.rawVars, settings.name, names, {}), ...resolveVars(rootRaw, settings.name, names, cliVars) };
    settings.vars = vars;
    if (settings.requireDbtVersion && satisfiesSpecifiers(DBT_COMPATIBLE_VERSION, settings.requireDbtVersion) === false) {
      session.errors.push(
        new FloeError('FLOE_DBT_VERSION_UNSUPPORTED', `${files.isRoot ? 'this project' : `package '${settings.name}'`} requires dbt ${settings.requireDbtVersion.join(', ')}; floe is compatible with dbt ${DBT_COMPATIBLE_VERSION}`, {
          position: { file: files.displayPrefix + PROJECT_FILE },
          hint: files.isRoot ? 'widen require-dbt-version in dbt_project.yml' : 'install a version of the package that supports this dbt version (change packages.yml, then floe deps)',
        }),
      );
    }
    const state: PackageState = {
      name: settings.name,
      files,
      settings,
      vars,
      trees: EMPTY_TREES(),
      patches: new Map(),
      matchedPatches: new Set(),
      sourcePatches: [],
      unitTests: [],
      yamlByDisplayPath: new Map(files.yaml.map((file) => [file.displayPath ?? file.originalFilePath, file])),
      disabled: new Map(),
    };
    session.packages.push(state);
  }
}
