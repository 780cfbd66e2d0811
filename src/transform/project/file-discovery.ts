/** Finds the project's files once, reading each at most once. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ProjectFile {
  /** Relative to the project root, with forward slashes (dbt's original_file_path). */
  originalFilePath: string;
  /** Relative to the resource folder it was found in (dbt's path). */
  path: string;
  absolutePath: string;
  /** The resource folder (`models`, `seeds`, …) as written in dbt_project.yml. */
  resourceRoot: string;
  /** Folders between the resource folder and the file. */
  folders: string[];
  /** File name without extension. */
  stem: string;
  extension: string;
  /** Text content; seeds are not read (the engine loads them). */
  text?: string;
  /** How messages name the file: originalFilePath, prefixed with the package's folder for installed packages. */
  displayPath?: string;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Folder listings shared by the discoveries of one load (a folder is often searched for .sql, .yml and .md). */
export type FolderListings = Map<string, string[] | undefined>;

function listFolder(base: string, listings: FolderListings | undefined): string[] | undefined {
  if (listings?.has(base)) return listings.get(base);
  let entries: string[] | undefined;
  try {
    entries = statSync(base).isDirectory() ? readdirSync(base, { recursive: true, encoding: 'utf8' }).sort() : undefined;
  } catch {
    entries = undefined;
  }
  listings?.set(base, entries);
  return entries;
}

/** Every file under `folders` (relative to root) whose extension is in `extensions`, sorted by path. */
export function discoverFiles(root: string, folders: readonly string[], extensions: readonly string[], read: boolean, listings?: FolderListings): ProjectFile[] {
  const result: ProjectFile[] = [];
  for (const folder of folders) {
    const base = join(root, folder);
    const inRoot = toPosix(relative(root, base));
    const prefix = inRoot === '' ? '' : `${inRoot}/`;
    const entries = listFolder(base, listings);
    if (!entries) continue;
    for (const entry of entries) {
      const dot = entry.lastIndexOf('.');
      if (dot < 0) continue;
      const extension = entry.slice(dot + 1).toLowerCase();
      if (!extensions.includes(extension)) continue;
      const pathInFolder = toPosix(entry);
      const parts = pathInFolder.split('/');
      if (parts.some((part) => part.startsWith('.'))) continue;
      const absolutePath = join(base, entry);
      const fileName = parts[parts.length - 1];
      result.push({
        originalFilePath: prefix + pathInFolder,
        path: pathInFolder,
        absolutePath,
        resourceRoot: folder,
        folders: parts.slice(0, -1),
        stem: fileName.slice(0, fileName.lastIndexOf('.')),
        extension,
        text: read ? readFileSync(absolutePath, 'utf8') : undefined,
      });
    }
  }
  return result;
}
