/**
 * `floe init`: write a product that validates (strict) and runs as it is.
 * The files are built in a sibling temp folder and renamed into place, so an
 * interrupted init leaves nothing half-written.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NAME_PATTERN } from '../../config/index.js';
import { FloeError } from '../../errors/index.js';
import { manifestYaml, productYaml, type DomainBinding } from './templates/platform-files.js';
import { scaffoldNames } from './templates/scaffold-names.js';
import { sqlProjectFiles, supportFiles } from './templates/sql-project-files.js';

export type { DomainBinding } from './templates/platform-files.js';

export interface ScaffoldOptions {
  /** Where to write; `./<name>` (from `cwd`) by default. */
  dir?: string;
  /** Base for a relative `dir`; `process.cwd()` by default. */
  cwd?: string;
  /** Bind the product to a domain's published manifest instead of writing a local one. */
  domain?: DomainBinding;
}

export interface ScaffoldResult {
  dir: string;
  /** Paths relative to `dir`, sorted. */
  files: string[];
}

/** The JSON Schema files shipped in the package's `schemas/` (same place from `src/` and `dist/`). */
export const PACKAGE_SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas', import.meta.url));

export function checkProductName(name: string): void {
  if (name.length <= 63 && NAME_PATTERN.test(name)) return;
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  throw new FloeError('FLOE_INIT_NAME', `'${name}' is not a valid product name: use 1–63 lowercase letters, digits and '-', starting and ending with a letter or digit`, {
    hint: suggestion ? `try \`floe init ${suggestion}\`` : 'e.g. `floe init customer-orders`',
  });
}

export function scaffoldProduct(name: string, options: ScaffoldOptions = {}): ScaffoldResult {
  checkProductName(name);
  const dir = resolve(options.cwd ?? process.cwd(), options.dir ?? name);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new FloeError('FLOE_INIT_NOT_A_FOLDER', `${dir} exists and is not a folder`, { hint: 'choose another name or --dir' });
    }
    if (readdirSync(dir).length > 0) {
      throw new FloeError('FLOE_INIT_NOT_EMPTY', `${dir} is not empty; floe init never overwrites files`, {
        hint: 'choose a new folder with --dir, or empty this one first',
      });
    }
  }
  const names = scaffoldNames(name);
  const schemaDir = relative(dir, PACKAGE_SCHEMAS_DIR).split('\\').join('/') || '.';
  const files: Record<string, string> = {
    ...(options.domain ? {} : { 'manifest.yaml': manifestYaml(names, schemaDir) }),
    'floe.yaml': productYaml(names, schemaDir, options.domain),
    ...sqlProjectFiles(names),
    ...supportFiles(names),
  };

  mkdirSync(dirname(dir), { recursive: true });
  const staging = join(dirname(dir), `.${basename(dir)}.floe-init-${process.pid}`);
  try {
    for (const [path, text] of Object.entries(files)) {
      const target = join(staging, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    // rename() replaces an empty folder, and fails (leaving it alone) when something appeared meanwhile.
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new FloeError('FLOE_INIT_WRITE', `could not write ${dir}: ${(error as Error).message}`, { cause: error, hint: 'check the folder is writable and empty' });
  }
  return { dir, files: Object.keys(files).sort() };
}
