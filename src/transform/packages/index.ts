/**
 * dbt packages: reading packages.yml / dependencies.yml, resolving and
 * installing them (`floe deps`, the only step that uses the network), and
 * finding the installed ones when a project loads.
 */
import type { InstallPackagesOptions, InstallPackagesOutcome } from './install-packages.js';
export type { InstallPackagesOptions, InstallPackagesOutcome, InstalledPackage } from './install-packages.js';

/** `floe deps` (see install-packages.ts); loaded on first use, so other commands never load the resolver, semver or tar. */
export async function installPackages(options: InstallPackagesOptions): Promise<InstallPackagesOutcome> {
  const { installPackages: install } = await import('./install-packages.js');
  return install(options);
}
export { findPackageFolders, packagesInstallPath, DEFAULT_INSTALL_PATH } from './installed-packages.js';
export type { PackageFolder } from './installed-packages.js';
export { readDeclaredPackages, PACKAGES_FILE, DEPENDENCIES_FILE } from './package-specs.js';
export type { PackageSpec } from './package-specs.js';
export { declarationsHash, LOCK_FILE, readPackageLock } from './package-lock.js';
export { satisfiesSpecifiers } from './version-ranges.js';
