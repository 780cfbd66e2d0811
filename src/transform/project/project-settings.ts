/** dbt_project.yml → ProjectSettings (paths, vars, config trees), with located errors. */
import { FloeError } from '../../errors/index.js';
import type { ProjectSettings } from '../types.js';
import { renderConfigValue } from './config-string-renderer.js';
import { isMapping, loadYaml, type YamlPositions } from './yaml-with-positions.js';

export const PROJECT_FILE = 'dbt_project.yml';

/** Keys of dbt_project.yml that are config trees, by the resource type they configure. */
const CONFIG_TREE_KEYS = ['models', 'seeds', 'data_tests', 'tests', 'snapshots', 'sources', 'analyses', 'unit_tests'] as const;

const KNOWN_KEYS = new Set<string>([
  'name', 'version', 'config-version', 'profile', 'model-paths', 'seed-paths', 'test-paths', 'macro-paths',
  'snapshot-paths', 'docs-paths', 'analysis-paths', 'asset-paths', 'function-paths', 'target-path', 'clean-targets',
  'packages-install-path', 'log-path', 'vars', 'require-dbt-version', 'quoting', 'on-run-start', 'on-run-end',
  'dispatch', 'query-comment', 'restrict-access', 'flags', 'dbt-cloud', 'source-paths', 'data-paths',
  'exposures', 'metrics', 'semantic-models', 'saved-queries', 'metrics', 'unit_tests', 'functions',
  ...CONFIG_TREE_KEYS,
]);

export interface LoadedSettings {
  settings: ProjectSettings;
  positions: YamlPositions;
  /** The raw `vars:` block (global and package-scoped), before --vars. */
  rawVars: Record<string, unknown>;
}

export function parseProjectSettings(
  text: string,
  file: string,
  cliVars: Record<string, unknown>,
  env: Record<string, string | undefined>,
  errors: FloeError[],
  warnings: FloeError[],
): LoadedSettings | undefined {
  const { value, positions } = loadYaml(text, file, errors);
  if (value === undefined) return undefined;
  if (!isMapping(value)) {
    errors.push(new FloeError('FLOE_PROJECT_INVALID', `${file} must be a mapping of settings`, { position: positions.of(value) }));
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.has(key)) {
      warnings.push(
        new FloeError('FLOE_UNKNOWN_PROJECT_KEY', `unknown key '${key}' in ${file} is ignored`, {
          severity: 'warning',
          position: positions.key(value, key),
        }),
      );
    }
  }
  const name = value.name;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    errors.push(
      new FloeError('FLOE_PROJECT_INVALID', name === undefined ? `${file} has no 'name'` : `project name '${String(name)}' is not a valid identifier`, {
        position: name === undefined ? { file } : positions.key(value, 'name'),
        hint: 'use letters, digits and underscores, starting with a letter, e.g. name: jaffle_shop',
      }),
    );
    return undefined;
  }

  const rawVars = isMapping(value.vars) ? value.vars : {};
  if (value.vars !== undefined && value.vars !== null && !isMapping(value.vars)) {
    errors.push(new FloeError('FLOE_PROJECT_INVALID', `'vars' in ${file} must be a mapping`, { position: positions.key(value, 'vars') }));
  }
  // Render env_var()/var() in everything except hooks (rendered at run time, as dbt does) and vars.
  const renderContext = { env, vars: cliVars };
  const rendered = (key: string): unknown => renderConfigValue(value[key], renderContext, positions.key(value, key), errors);

  const paths = (key: string, fallback: string[]): string[] => {
    const raw = value[key];
    if (raw === undefined || raw === null) return fallback;
    const list = Array.isArray(raw) ? raw : [raw];
    if (!list.every((item) => typeof item === 'string')) {
      errors.push(new FloeError('FLOE_PROJECT_INVALID', `'${key}' must be a list of folder names`, { position: positions.key(value, key) }));
      return fallback;
    }
    return list.map((item) => (item as string).replace(/\/+$/, ''));
  };

  const modelPaths = paths('model-paths', paths('source-paths', ['models']));
  const seedPaths = paths('seed-paths', paths('data-paths', ['seeds']));
  const testPaths = paths('test-paths', ['tests']);
  const macroPaths = paths('macro-paths', ['macros']);
  const snapshotPaths = paths('snapshot-paths', ['snapshots']);
  const analysisPaths = paths('analysis-paths', ['analyses']);
  const docsPaths = paths('docs-paths', [...modelPaths, ...seedPaths, ...testPaths, ...macroPaths, ...snapshotPaths, ...analysisPaths]);

  const configTrees: Record<string, unknown> = {};
  for (const key of CONFIG_TREE_KEYS) {
    if (value[key] === undefined || value[key] === null) continue;
    if (!isMapping(value[key])) {
      errors.push(new FloeError('FLOE_PROJECT_INVALID', `'${key}' in ${file} must be a mapping`, { position: positions.key(value, key) }));
      continue;
    }
    configTrees[key] = value[key];
  }
  // `tests:` is the older spelling of `data_tests:`; both may be present (data_tests wins on conflicts).
  const hooks = (key: string): string[] => {
    const raw = value[key];
    if (raw === undefined || raw === null) return [];
    return (Array.isArray(raw) ? raw : [raw]).map(String);
  };

  const targetPath = rendered('target-path');
  const installPath = rendered('packages-install-path');
  const required = value['require-dbt-version'];
  const dispatch: ProjectSettings['dispatch'] = [];
  if (value.dispatch !== undefined && value.dispatch !== null) {
    const list = Array.isArray(value.dispatch) ? value.dispatch : [];
    if (!Array.isArray(value.dispatch)) errors.push(new FloeError('FLOE_PROJECT_INVALID', `'dispatch' in ${file} must be a list`, { position: positions.key(value, 'dispatch') }));
    list.forEach((entry, index) => {
      const ok = isMapping(entry) && typeof entry.macro_namespace === 'string' && Array.isArray(entry.search_order) && entry.search_order.every((p) => typeof p === 'string');
      if (!ok) {
        errors.push(
          new FloeError('FLOE_PROJECT_INVALID', `each 'dispatch' entry needs macro_namespace: and a search_order: list of package names`, {
            position: positions.item(list, index),
            hint: "e.g. - macro_namespace: dbt_utils\n    search_order: ['my_project', 'dbt_utils']",
          }),
        );
        return;
      }
      dispatch.push({ macroNamespace: entry.macro_namespace as string, searchOrder: entry.search_order as string[] });
    });
  }
  const settings: ProjectSettings = {
    name,
    version: value.version === undefined ? undefined : String(value.version),
    profile: value.profile === undefined || value.profile === null ? undefined : String(rendered('profile')),
    modelPaths,
    seedPaths,
    testPaths,
    macroPaths,
    snapshotPaths,
    docsPaths,
    analysisPaths,
    targetPath: typeof targetPath === 'string' && targetPath !== '' ? targetPath : 'target',
    packagesInstallPath: typeof installPath === 'string' && installPath !== '' ? installPath : 'dbt_packages',
    ...(required !== undefined && required !== null ? { requireDbtVersion: (Array.isArray(required) ? required : [required]).map(String) } : {}),
    dispatch,
    vars: {},
    configTrees,
    onRunStart: hooks('on-run-start'),
    onRunEnd: hooks('on-run-end'),
  };
  return { settings, positions, rawVars };
}

/**
 * dbt's variable scoping: top-level entries are global; an entry named after a
 * package whose value is a mapping holds that package's own values. The root
 * package sees global < its scope < --vars.
 */
export function resolveVars(
  rawVars: Record<string, unknown>,
  projectName: string,
  packageNames: Set<string>,
  cliVars: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rawVars)) {
    if (packageNames.has(key) && isMapping(value)) continue;
    result[key] = value;
  }
  const scoped = rawVars[projectName];
  if (isMapping(scoped)) Object.assign(result, scoped);
  Object.assign(result, cliVars);
  return result;
}
