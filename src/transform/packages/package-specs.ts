/**
 * `packages.yml` / `dependencies.yml` → the package specs a project declares,
 * as dbt reads them: `local:`, `git:` (+ `revision`, `subdirectory`,
 * `warn-unpinned`), hub `package:` + `version:` (a string or a list of
 * ranges, `install-prerelease`), and `tarball:` + `name:`. Values may use
 * `env_var()` (dbt renders these files with env_var only).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError, type SourcePosition } from '../../errors/index.js';
import { renderConfigValue } from '../project/config-string-renderer.js';
import { isMapping, loadYaml } from '../project/yaml-with-positions.js';

export const PACKAGES_FILE = 'packages.yml';
export const DEPENDENCIES_FILE = 'dependencies.yml';

interface SpecBase {
  /** The entry as written (before env_var rendering): dbt hashes it into package-lock.yml. */
  raw: Record<string, unknown>;
  position: SourcePosition;
}

export type PackageSpec =
  | (SpecBase & { kind: 'local'; local: string })
  | (SpecBase & { kind: 'git'; git: string; revision?: string; subdirectory?: string; warnUnpinned?: boolean })
  | (SpecBase & { kind: 'hub'; package: string; versions: string[]; installPrerelease: boolean })
  | (SpecBase & { kind: 'tarball'; tarball: string; name: string });

export interface DeclaredPackages {
  /** The file the specs came from (relative to the project), or undefined when there is none. */
  file?: string;
  specs: PackageSpec[];
}

/** What a person reads in messages: `dbt-labs/dbt_utils`, a git URL, a local path, a tarball URL. */
export function specLabel(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'hub':
      return spec.package;
    case 'git':
      return spec.subdirectory ? `${spec.git} (${spec.subdirectory})` : spec.git;
    case 'local':
      return spec.local;
    case 'tarball':
      return spec.tarball;
  }
}

/**
 * Read the project's package declarations. `dependencies.yml` and
 * `packages.yml` may not both list packages (dbt refuses that too).
 */
export function readDeclaredPackages(projectDir: string, env: Record<string, string | undefined>, errors: FloeError[], warnings: FloeError[] = []): DeclaredPackages {
  const found: Array<{ file: string; specs: PackageSpec[] }> = [];
  for (const file of [DEPENDENCIES_FILE, PACKAGES_FILE]) {
    const path = join(projectDir, file);
    if (!existsSync(path)) continue;
    const specs = parsePackageFile(readFileSync(path, 'utf8'), file, env, errors, warnings);
    if (specs) found.push({ file, specs });
  }
  const withPackages = found.filter((entry) => entry.specs.length > 0);
  if (withPackages.length > 1) {
    errors.push(
      new FloeError('FLOE_PACKAGES_INVALID', `both ${DEPENDENCIES_FILE} and ${PACKAGES_FILE} list packages`, {
        position: { file: PACKAGES_FILE },
        hint: `keep the packages in one of them (dbt reads ${DEPENDENCIES_FILE} first)`,
      }),
    );
  }
  const chosen = withPackages[0] ?? found[0];
  return chosen ? { file: chosen.file, specs: chosen.specs } : { specs: [] };
}

export function parsePackageFile(text: string, file: string, env: Record<string, string | undefined>, errors: FloeError[], warnings: FloeError[] = []): PackageSpec[] | undefined {
  const { value, positions } = loadYaml(text, file, errors);
  if (value === undefined || value === null) return [];
  if (!isMapping(value)) {
    errors.push(new FloeError('FLOE_PACKAGES_INVALID', `${file} must be a mapping with a 'packages:' list`, { position: positions.of(value) }));
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key === 'packages') continue;
    if (key === 'projects' && file === DEPENDENCIES_FILE) {
      warnings.push(
        new FloeError('FLOE_PACKAGES_UNSUPPORTED', `'projects:' in ${file} (dbt Mesh cross-project refs) is ignored`, {
          severity: 'warning',
          position: positions.key(value, key),
        }),
      );
      continue;
    }
    warnings.push(new FloeError('FLOE_PACKAGES_UNKNOWN_KEY', `unknown key '${key}' in ${file} is ignored`, { severity: 'warning', position: positions.key(value, key) }));
  }
  const list = value.packages;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    errors.push(new FloeError('FLOE_PACKAGES_INVALID', `'packages' in ${file} must be a list`, { position: positions.key(value, 'packages') }));
    return undefined;
  }
  const specs: PackageSpec[] = [];
  list.forEach((entry, index) => {
    const position = positions.item(list, index);
    const spec = parseEntry(entry, position, env, errors, warnings);
    if (spec) specs.push(spec);
  });
  return specs;
}

const KEYS: Record<PackageSpec['kind'], string[]> = {
  local: ['local'],
  git: ['git', 'revision', 'subdirectory', 'warn-unpinned'],
  hub: ['package', 'version', 'install-prerelease'],
  tarball: ['tarball', 'name'],
};

function parseEntry(entry: unknown, position: SourcePosition, env: Record<string, string | undefined>, errors: FloeError[], warnings: FloeError[]): PackageSpec | undefined {
  const invalid = (message: string, hint?: string): undefined => {
    errors.push(new FloeError('FLOE_PACKAGES_INVALID', message, { position, ...(hint ? { hint } : {}) }));
    return undefined;
  };
  if (!isMapping(entry)) return invalid('a package entry must be a mapping such as {package: dbt-labs/dbt_utils, version: [">=1.0.0", "<2.0.0"]}');
  const raw = { ...entry };
  const rendered = renderConfigValue(entry, { env, vars: {} }, position, errors) as Record<string, unknown>;
  const kinds = (Object.keys(KEYS) as Array<PackageSpec['kind']>).filter((kind) => KEYS[kind][0] in rendered);
  if (kinds.length !== 1) {
    return invalid(
      kinds.length === 0 ? `a package entry needs one of local:, git:, package: or tarball: (found ${Object.keys(rendered).join(', ') || 'nothing'})` : `a package entry has both ${kinds.map((k) => `${KEYS[k][0]}:`).join(' and ')}`,
      'write one entry per package',
    );
  }
  const kind = kinds[0];
  for (const key of Object.keys(rendered)) {
    if (!KEYS[kind].includes(key)) {
      warnings.push(new FloeError('FLOE_PACKAGES_UNKNOWN_KEY', `unknown key '${key}' in a ${kind} package entry is ignored`, { severity: 'warning', position }));
    }
  }
  const text = (key: string): string | undefined => {
    const value = rendered[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') return undefined;
    return String(value);
  };
  switch (kind) {
    case 'local': {
      const local = text('local');
      if (!local) return invalid("'local' must be a path to the package folder");
      return { kind, local, raw, position };
    }
    case 'git': {
      const git = text('git');
      if (!git) return invalid("'git' must be a repository URL");
      const warnUnpinned = rendered['warn-unpinned'];
      return {
        kind,
        git,
        ...(text('revision') !== undefined ? { revision: text('revision') } : {}),
        ...(text('subdirectory') !== undefined ? { subdirectory: text('subdirectory') } : {}),
        ...(warnUnpinned !== undefined ? { warnUnpinned: warnUnpinned !== false && String(warnUnpinned).toLowerCase() !== 'false' } : {}),
        raw,
        position,
      };
    }
    case 'hub': {
      const name = text('package');
      if (!name || !/^[\w.-]+\/[\w.-]+$/.test(name)) return invalid(`'package' must name a hub package as namespace/name, got ${JSON.stringify(rendered.package)}`, 'e.g. package: dbt-labs/dbt_utils');
      const version = rendered.version;
      if (version === undefined || version === null || version === '') {
        return invalid(`${name} has no version`, `hub packages need a version or a range, e.g. version: [">=1.0.0", "<2.0.0"]`);
      }
      const versions = (Array.isArray(version) ? version : [version]).map((v) => String(v).trim());
      const prerelease = rendered['install-prerelease'];
      return { kind, package: name, versions, installPrerelease: prerelease === true || String(prerelease).toLowerCase() === 'true', raw, position };
    }
    case 'tarball': {
      const tarball = text('tarball');
      const name = text('name');
      if (!tarball) return invalid("'tarball' must be a URL of a .tar.gz file");
      if (!name) return invalid(`tarball package ${tarball} has no name`, 'add name: <the project name in its dbt_project.yml>');
      return { kind, tarball, name, raw, position };
    }
  }
}
