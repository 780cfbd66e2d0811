/**
 * Choosing a product's files for its bundle (see bundle-layout.ts), in a
 * stable order. A symbolic link anywhere on the way is refused: a bundle
 * carries no links, and following one could pull in files from outside the
 * product.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, posix, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bundleError, BUNDLE_ERROR_CODES } from './bundle-errors.js';
import { PRODUCT_FILES, PROJECT_FILE_EXTENSIONS, SKIPPED_FILE_NAMES, SKIPPED_PROJECT_FOLDERS } from './bundle-layout.js';

export interface BundleFile {
  /** POSIX path relative to the product folder. */
  path: string;
  absolute: string;
}

function toPosix(path: string): string {
  return path.split(sep).join(posix.sep);
}

function refuseLink(absolute: string, productDir: string): never {
  throw bundleError(
    BUNDLE_ERROR_CODES.link,
    `${toPosix(relative(productDir, absolute))} is a symbolic link; a bundle carries no links.`,
    'Replace the link with the file (or folder) it points to, then package again.',
  );
}

/** The folders a dbt project writes to (target-path, log-path), besides the usual ones. */
function writtenFolders(projectDir: string): string[] {
  const folders = [...SKIPPED_PROJECT_FOLDERS];
  try {
    const settings = parseYaml(readFileSync(join(projectDir, 'dbt_project.yml'), 'utf8')) as Record<string, unknown> | null;
    for (const key of ['target-path', 'log-path']) {
      const value = settings?.[key];
      if (typeof value === 'string' && !value.includes('{{')) folders.push(value.replace(/^\.\/+|\/+$/g, ''));
    }
  } catch {
    // An unreadable dbt_project.yml fails compile, which ran before packaging; nothing more to skip.
  }
  return folders;
}

/**
 * `floe deps` links a local package into dbt_packages/ (as dbt does): the
 * bundle carries the linked folder's files under that path, so the package
 * travels with the product. Any other link is refused.
 */
const INSTALLED_PACKAGES = 'dbt_packages';

function walkProject(productDir: string, projectDir: string, out: Map<string, BundleFile>): void {
  const skipped = new Set(writtenFolders(projectDir));
  const visited = new Set<string>();
  // `dir` is where the files are read; `shownAs` is where they sit in the product (different under a followed link).
  const visit = (dir: string, shownAs: string): void => {
    const real = realpathSync(dir);
    if (visited.has(real)) return; // a local package such as `local: ../` would contain the project again
    visited.add(real);
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const absolute = join(dir, name);
      const placed = join(shownAs, name);
      let stat = lstatSync(absolute);
      const inProject = toPosix(relative(projectDir, placed));
      if (stat.isSymbolicLink()) {
        if (toPosix(relative(projectDir, shownAs)) !== INSTALLED_PACKAGES) refuseLink(placed, productDir);
        stat = statSync(absolute);
      }
      if (stat.isDirectory()) {
        if (!skipped.has(inProject)) visit(absolute, placed);
        continue;
      }
      if (!stat.isFile() || SKIPPED_FILE_NAMES.includes(name) || !PROJECT_FILE_EXTENSIONS.includes(extname(name).toLowerCase())) continue;
      const path = toPosix(relative(productDir, placed));
      out.set(path, { path, absolute });
    }
  };
  const stat = lstatSync(projectDir);
  if (stat.isSymbolicLink()) refuseLink(projectDir, productDir);
  visit(projectDir, projectDir);
}

/** Every file of the product a bundle carries, except the artifacts themselves; sorted by path. */
export function collectBundleFiles(productDir: string, transformPaths: string[]): BundleFile[] {
  const root = resolve(productDir);
  const files = new Map<string, BundleFile>();
  for (const name of PRODUCT_FILES) {
    const absolute = join(root, name);
    try {
      const stat = lstatSync(absolute);
      if (stat.isSymbolicLink()) refuseLink(absolute, root);
      if (stat.isFile()) files.set(name, { path: name, absolute });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  for (const transformPath of [...new Set(transformPaths)]) {
    const projectDir = resolve(root, transformPath);
    const inside = relative(root, projectDir);
    if (inside.startsWith('..') || resolve(inside) === inside) {
      throw bundleError(BUNDLE_ERROR_CODES.packageFailed, `The transform path ${transformPath} is outside the product folder.`, 'Keep every SQL project inside the folder that holds floe.yaml.');
    }
    walkProject(root, projectDir, files);
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
