/**
 * The dbt-format projects a `--project-dir` stands for: the folder itself when
 * it holds dbt_project.yml, else the transforms' `path:`s of the data product
 * whose floe.yaml it holds. Read without the config module (its schemas are
 * not needed to find a folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { FloeError } from '../errors/index.js';
import { CLI_PRODUCT_FILE_NAMES } from './config-constants.js';

/** Whether the folder's floe.yaml is floe's (a data product), another tool's, or absent. */
export function productFileKind(dir: string): 'floe' | 'foreign' | undefined {
  const file = CLI_PRODUCT_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!file) return undefined;
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch {
    return 'floe'; // a broken floe.yaml is reported by compile, with positions
  }
  const data = document as { apiVersion?: unknown; kind?: unknown } | null;
  if (data && typeof data === 'object' && ((typeof data.apiVersion === 'string' && data.apiVersion.startsWith('floe.dev/')) || data.kind === 'DataProduct')) return 'floe';
  return 'foreign';
}

export function sqlProjectDirsOf(projectDir: string): string[] {
  const dir = resolve(projectDir);
  if (existsSync(join(dir, 'dbt_project.yml'))) return [dir];
  const productFile = CLI_PRODUCT_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
  if (productFile) {
    let document: unknown;
    try {
      document = parse(readFileSync(productFile, 'utf8'));
    } catch {
      document = undefined;
    }
    const transforms = (document as { transforms?: unknown } | undefined)?.transforms;
    const paths = Array.isArray(transforms) ? transforms.map((t) => (t as { path?: unknown }).path).filter((p): p is string => typeof p === 'string') : [];
    const dirs = paths.map((path) => resolve(dir, path)).filter((d) => existsSync(join(d, 'dbt_project.yml')));
    if (dirs.length > 0) return [...new Set(dirs)];
  }
  throw new FloeError('FLOE_PROJECT_NOT_FOUND', `no dbt_project.yml in ${dir}`, {
    hint: 'run inside a dbt-format project (or a data product whose floe.yaml lists transforms with a path), or pass --project-dir',
  });
}
