/**
 * `floe deps`: resolve the declared packages (or take package-lock.yml as it
 * is, while it matches the declarations), put them into the install path
 * (`dbt_packages/` or `packages-install-path`) in one swap — the old folder
 * stays whole until the new one is complete — and write package-lock.yml.
 * The only part of floe that uses the network for packages.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FloeError, FloeErrors } from '../../errors/index.js';
import { DBT_COMPATIBLE_VERSION } from '../dbt-version.js';
import { HubRegistry, hubUrl } from './hub-registry.js';
import { declarationsHash, readPackageLock, writePackageLock, LOCK_FILE } from './package-lock.js';
import { WorkFolder } from './package-sources.js';
import { readDeclaredPackages } from './package-specs.js';
import { PackageResolver, type ResolvedPackage } from './resolve-packages.js';
import { satisfiesSpecifiers } from './version-ranges.js';
import { packagesInstallPath } from './installed-packages.js';

export interface InstallPackagesOptions {
  projectDir: string;
  env?: Record<string, string | undefined>;
  /** Resolve again from the declarations, ignoring package-lock.yml (dbt's `deps --upgrade`). */
  upgrade?: boolean;
}

export interface InstalledPackage {
  name: string;
  /** `dbt-labs/dbt_utils@1.1.1`, a git URL with its revision, a local path, a tarball URL. */
  label: string;
  kind: 'hub' | 'git' | 'local' | 'tarball';
  /** The version (hub) or commit (git) installed. */
  version?: string;
}

export interface InstallPackagesOutcome {
  installPath: string;
  packages: InstalledPackage[];
  /** Whether package-lock.yml was used as it was (true) or resolved again and rewritten (false). */
  fromLock: boolean;
  warnings: FloeError[];
}

function describe(pkg: ResolvedPackage): InstalledPackage {
  const { lock } = pkg;
  return {
    name: pkg.name,
    label: pkg.label,
    kind: lock.kind,
    ...(lock.kind === 'hub' ? { version: lock.version } : lock.kind === 'git' ? { version: lock.revision } : {}),
  };
}

export async function installPackages(options: InstallPackagesOptions): Promise<InstallPackagesOutcome> {
  const projectDir = resolve(options.projectDir);
  const env = options.env ?? process.env;
  const errors: FloeError[] = [];
  const warnings: FloeError[] = [];
  if (!existsSync(join(projectDir, 'dbt_project.yml'))) {
    throw new FloeError('FLOE_PROJECT_NOT_FOUND', `no dbt_project.yml in ${projectDir}`, { hint: 'run floe deps inside a dbt project directory or pass --project-dir' });
  }
  const installPath = packagesInstallPath(projectDir, env, errors);
  const declared = readDeclaredPackages(projectDir, env, errors, warnings);
  const lock = readPackageLock(projectDir, errors);
  if (errors.length > 0) throw new FloeErrors(errors);

  if (declared.specs.length === 0) {
    warnings.push(
      new FloeError('FLOE_DEPS_NONE', 'no packages are declared (packages.yml or dependencies.yml): nothing to install', {
        severity: 'warning',
        hint: 'add a packages: list, e.g. - package: dbt-labs/dbt_utils with version: [">=1.0.0", "<2.0.0"]',
      }),
    );
    return { installPath, packages: [], fromLock: false, warnings };
  }
  const hash = declarationsHash(declared.specs);
  const useLock = !options.upgrade && lock !== undefined && lock.sha1Hash === hash;
  const work = new WorkFolder(`${installPath}.floe-work-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    const resolver = new PackageResolver({ hub: new HubRegistry(hubUrl(env)), work, env, warnings });
    const resolved = useLock ? await resolver.fetchLocked(lock.packages, projectDir) : await resolver.resolve(declared.specs, projectDir);
    for (const pkg of resolved) {
      if (pkg.requireDbtVersion && satisfiesSpecifiers(DBT_COMPATIBLE_VERSION, pkg.requireDbtVersion) === false) {
        warnings.push(
          new FloeError('FLOE_DEPS_DBT_VERSION', `${pkg.label} requires dbt ${pkg.requireDbtVersion.join(', ')}; floe is compatible with dbt ${DBT_COMPATIBLE_VERSION}`, {
            severity: 'warning',
            hint: 'pick a version of the package that supports this dbt version; projects using it will fail to load',
          }),
        );
      }
    }
    swapIntoPlace(installPath, resolved, work);
    if (!useLock) writePackageLock(projectDir, { packages: resolved.map((pkg) => pkg.lock), sha1Hash: hash });
    return { installPath, packages: resolved.map(describe), fromLock: useLock, warnings };
  } finally {
    work.remove();
  }
}

/** Build the new install folder beside the old one, then swap them (two renames). */
function swapIntoPlace(installPath: string, packages: readonly ResolvedPackage[], work: WorkFolder): void {
  const staging = join(work.path, 'install');
  mkdirSync(staging, { recursive: true });
  for (const pkg of packages) {
    const target = join(staging, pkg.name);
    if (pkg.lock.kind === 'local') {
      // As dbt does: a link to the local folder, so edits there show up without another deps run.
      try {
        symlinkSync(pkg.dir, target, 'dir');
      } catch {
        cpSync(pkg.dir, target, { recursive: true });
      }
    } else {
      renameSync(pkg.dir, target);
    }
  }
  mkdirSync(dirname(installPath), { recursive: true });
  const old = `${work.path}-old`;
  const hadOld = existsSync(installPath);
  if (hadOld) renameSync(installPath, old);
  try {
    renameSync(staging, installPath);
  } catch (error) {
    if (hadOld) renameSync(old, installPath);
    throw new FloeError('FLOE_DEPS_INSTALL_FAILED', `could not move the packages into ${installPath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

export { LOCK_FILE };
