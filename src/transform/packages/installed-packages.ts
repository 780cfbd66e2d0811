/**
 * Which packages a project loads, without any network: everything `floe
 * deps` put into the install path, plus local packages straight from their
 * folders (so a `local:` package needs no deps run). A declared package that
 * is not installed, or declarations that changed since package-lock.yml was
 * written, stop the load with "run floe deps".
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { FloeError } from '../../errors/index.js';
import { renderConfigValue } from '../project/config-string-renderer.js';
import { isMapping, loadYaml } from '../project/yaml-with-positions.js';
import { declarationsHash, LOCK_FILE, readPackageLock } from './package-lock.js';
import { localPackageDir } from './package-sources.js';
import { readDeclaredPackages, specLabel, type PackageSpec } from './package-specs.js';

export const DEFAULT_INSTALL_PATH = 'dbt_packages';

/** `packages-install-path` from dbt_project.yml (default `dbt_packages`), absolute. */
export function packagesInstallPath(projectDir: string, env: Record<string, string | undefined>, errors: FloeError[]): string {
  const file = join(projectDir, 'dbt_project.yml');
  let configured: unknown;
  if (existsSync(file)) {
    const { value, positions } = loadYaml(readFileSync(file, 'utf8'), 'dbt_project.yml', []);
    if (isMapping(value) && value['packages-install-path'] !== undefined) {
      configured = renderConfigValue(value['packages-install-path'], { env, vars: {} }, positions.key(value, 'packages-install-path'), errors);
    }
  }
  return resolve(projectDir, typeof configured === 'string' && configured !== '' ? configured : DEFAULT_INSTALL_PATH);
}

export interface PackageFolder {
  /** Folder holding the package's dbt_project.yml (symlinks resolved). */
  dir: string;
  /** Where it was found: the install path, or a local: declaration. */
  from: 'installed' | 'local';
}

function isProjectDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && existsSync(join(dir, 'dbt_project.yml'));
  } catch {
    return false;
  }
}

/** Local packages declared by the project (and by those local packages), as folders. */
function localFolders(specs: readonly PackageSpec[], declaredIn: string, env: Record<string, string | undefined>, errors: FloeError[], seen: Set<string>, installedCopies: ReadonlySet<string> = new Set()): string[] {
  const result: string[] = [];
  for (const spec of specs) {
    if (spec.kind !== 'local') continue;
    let dir: string;
    try {
      dir = realpathSync(localPackageDir(spec.local, declaredIn));
    } catch (error) {
      // In a product bundle the folder is not there, but the copy floe deps installed is (package-lock.yml says which).
      if (installedCopies.has(spec.local)) continue;
      errors.push(error instanceof FloeError ? new FloeError(error.code, error.message, { position: spec.position, detail: error.detail, hint: error.hint }) : (error as FloeError));
      continue;
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (!isProjectDir(dir)) {
      errors.push(new FloeError('FLOE_PACKAGE_INVALID', `local package '${spec.local}' has no dbt_project.yml`, { position: spec.position, detail: `looked in ${dir}` }));
      continue;
    }
    result.push(dir);
    const nested = readDeclaredPackages(dir, env, [], []);
    result.push(...localFolders(nested.specs, dir, env, errors, seen));
  }
  return result;
}

/**
 * The package folders to load (not the root project), or errors saying what
 * to install. `errors` gets FLOE_DEPS_NOT_INSTALLED when a declared package
 * is missing.
 */
export function findPackageFolders(projectDir: string, env: Record<string, string | undefined>, errors: FloeError[], warnings: FloeError[]): PackageFolder[] {
  const root = resolve(projectDir);
  const installPath = packagesInstallPath(root, env, errors);
  const declared = readDeclaredPackages(root, env, errors, warnings);
  const seen = new Set<string>([realpathSync(root)]);
  const folders: PackageFolder[] = [];
  const installed = existsSync(installPath) ? readdirSync(installPath).filter((entry) => !entry.startsWith('.')).sort() : [];
  const installedNames = new Set<string>();
  for (const entry of installed) {
    const dir = join(installPath, entry);
    if (!isProjectDir(dir)) continue;
    const real = realpathSync(dir);
    installedNames.add(entry);
    if (seen.has(real)) continue;
    seen.add(real);
    folders.push({ dir: real, from: 'installed' });
  }
  const lockErrors: FloeError[] = [];
  const lock = readPackageLock(root, lockErrors);
  const installedCopies = new Set((lock?.packages ?? []).flatMap((entry) => (entry.kind === 'local' && installedNames.has(entry.name) ? [entry.local] : [])));
  for (const dir of localFolders(declared.specs, root, env, errors, seen, installedCopies)) folders.push({ dir, from: 'local' });

  const remote = declared.specs.filter((spec) => spec.kind !== 'local');
  if (remote.length === 0) return folders;
  const where = relative(root, installPath) || installPath;
  errors.push(...lockErrors);
  const notInstalled = (detail: string): FloeError =>
    new FloeError('FLOE_DEPS_NOT_INSTALLED', detail, { position: { file: declared.file ?? 'packages.yml' }, hint: 'run floe deps to install them' });
  if (!lock) {
    // Without a lock file the installed folder can only be matched by name (a hub package's name is usually its project name).
    const missing = remote.filter((spec) => !installedNames.has(spec.kind === 'hub' ? spec.package.split('/')[1] : spec.kind === 'tarball' ? spec.name : '\0'));
    if (missing.length > 0) errors.push(notInstalled(`${declared.file} declares packages that are not installed in ${where}/: ${missing.map(specLabel).join(', ')}`));
    return folders;
  }
  const missingLocked = lock.packages.filter((entry) => entry.kind !== 'local' && entry.name !== '' && !installedNames.has(entry.name));
  if (missingLocked.length > 0) {
    errors.push(notInstalled(`${missingLocked.map((e) => `'${e.name}'`).join(', ')} (in ${LOCK_FILE}) ${missingLocked.length === 1 ? 'is' : 'are'} not installed in ${where}/`));
    return folders;
  }
  if (lock.sha1Hash !== declarationsHash(declared.specs)) {
    const locked = (spec: PackageSpec): boolean =>
      lock.packages.some((entry) =>
        spec.kind === 'hub' ? entry.kind === 'hub' && entry.package === spec.package : spec.kind === 'git' ? entry.kind === 'git' && entry.git === spec.git : spec.kind === 'tarball' ? entry.kind === 'tarball' && entry.tarball === spec.tarball : true,
      );
    const unlocked = remote.filter((spec) => !locked(spec));
    if (unlocked.length > 0) {
      errors.push(notInstalled(`${declared.file} changed since ${LOCK_FILE} was written: ${unlocked.map(specLabel).join(', ')} ${unlocked.length === 1 ? 'is' : 'are'} not installed`));
    } else {
      warnings.push(
        new FloeError('FLOE_DEPS_LOCK_STALE', `${declared.file} changed since ${LOCK_FILE} was written; the installed versions may not be the ones it asks for`, {
          severity: 'warning',
          position: { file: LOCK_FILE },
          hint: 'run floe deps to install what it declares now',
        }),
      );
    }
  }
  return folders;
}
