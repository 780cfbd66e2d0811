/**
 * The inputs of a compile and their sha256: floe.yaml, every manifest of the
 * chain, and every source file of every transform project. Compile records
 * them; staleness recomputes and compares them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files of a project that can change what compile produces. */
const PROJECT_FILE_EXTENSIONS = ['.sql', '.yml', '.yaml', '.csv', '.md', '.py'];
/** Folders that hold outputs, installed packages or tool state, never inputs. */
const SKIPPED_FOLDERS = new Set(['target', 'logs', 'dbt_packages', 'dbt_modules', 'node_modules', 'warehouse']);

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** `path` relative to `productDir`, with forward slashes (stable across systems). */
export function productRelativePath(productDir: string, path: string): string {
  return relative(productDir, path).split(sep).join('/') || '.';
}

/** Every input file of a project folder, absolute paths, sorted. */
export function projectInputFiles(projectDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (entry.isFile() && PROJECT_FILE_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) {
        files.push(path);
      }
    }
  };
  walk(projectDir);
  return files.sort();
}

/** `{relative path: sha256}` for the given files, keys sorted. */
export function hashInputs(productDir: string, files: Iterable<string>): Record<string, string> {
  const entries = [...new Set(files)].map((file) => [productRelativePath(productDir, file), sha256File(file)] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** A manifest pulled from a registry is an input by its pinned reference (`oci://…:tag@sha256:…`), not by its cache path. */
export function ociInputKey(origin: { reference: string; digest: string }): string {
  return `${origin.reference}@${origin.digest}`;
}

export function ociInputHashes(chain: readonly { sha256: string; oci?: { reference: string; digest: string } }[]): Record<string, string> {
  return Object.fromEntries(chain.flatMap((entry) => (entry.oci ? [[ociInputKey(entry.oci), entry.sha256]] : [])));
}
