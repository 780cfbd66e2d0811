/**
 * `package-lock.yml`, as dbt writes it since 1.7: the exact version or git
 * revision of every package `floe deps` installed (dependencies included),
 * and a `sha1_hash` of the declarations it was resolved from. While the
 * hash matches the declarations, `floe deps` installs exactly what is locked.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FloeError } from '../../errors/index.js';
import { writeFileAtomic } from '../../files/index.js';
import { isMapping, loadYaml } from '../project/yaml-with-positions.js';
import type { PackageSpec } from './package-specs.js';

export const LOCK_FILE = 'package-lock.yml';

export type LockEntry =
  | { name: string; kind: 'hub'; package: string; version: string }
  | { name: string; kind: 'git'; git: string; revision: string; subdirectory?: string }
  | { name: string; kind: 'local'; local: string }
  | { name: string; kind: 'tarball'; tarball: string };

export interface PackageLock {
  packages: LockEntry[];
  sha1Hash: string;
}

/**
 * Python's `json.dumps(value, sort_keys=True)` (", " and ": " separators,
 * non-ASCII escaped): dbt hashes each spec that way, so the same declarations
 * give the same `sha1_hash` under dbt and floe.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
}

/** A spec as dbt's `to_dict()` shows it: the rendered fields (hyphenated, None left out) plus `unrendered`. */
function specDict(spec: PackageSpec): Record<string, unknown> {
  switch (spec.kind) {
    case 'local':
      return { local: spec.local, unrendered: spec.raw };
    case 'tarball':
      return { tarball: spec.tarball, name: spec.name, unrendered: spec.raw };
    case 'git':
      return {
        git: spec.git,
        ...(spec.revision !== undefined ? { revision: spec.revision } : {}),
        ...(spec.warnUnpinned !== undefined ? { 'warn-unpinned': spec.warnUnpinned } : {}),
        ...(spec.subdirectory !== undefined ? { subdirectory: spec.subdirectory } : {}),
        unrendered: spec.raw,
      };
    case 'hub': {
      const version = spec.raw.version;
      return { package: spec.package, version: Array.isArray(version) ? version : String(version), 'install-prerelease': spec.installPrerelease, unrendered: spec.raw };
    }
  }
}

/** dbt's `_create_sha1_hash`: sha1 of the sorted JSON dumps of the declared specs, one per line. */
export function declarationsHash(specs: readonly PackageSpec[]): string {
  const lines = specs.map((spec) => pythonJsonDumps(specDict(spec))).sort();
  return createHash('sha1').update(lines.join('\n'), 'utf8').digest('hex');
}

export function readPackageLock(projectDir: string, errors: FloeError[]): PackageLock | undefined {
  const path = join(projectDir, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const { value, positions } = loadYaml(readFileSync(path, 'utf8'), LOCK_FILE, errors);
  if (!isMapping(value) || !Array.isArray(value.packages)) {
    errors.push(
      new FloeError('FLOE_PACKAGE_LOCK_INVALID', `${LOCK_FILE} must have a 'packages:' list`, {
        position: positions.of(value),
        hint: `delete ${LOCK_FILE} and run floe deps to write it again`,
      }),
    );
    return undefined;
  }
  const packages: LockEntry[] = [];
  value.packages.forEach((entry, index) => {
    const invalid = (): void => {
      errors.push(
        new FloeError('FLOE_PACKAGE_LOCK_INVALID', `entry ${index + 1} of ${LOCK_FILE} is not a locked package`, {
          position: positions.item(value.packages, index),
          hint: `delete ${LOCK_FILE} and run floe deps to write it again`,
        }),
      );
    };
    if (!isMapping(entry)) return invalid();
    const name = entry.name === undefined ? '' : String(entry.name);
    if (typeof entry.package === 'string' && entry.version !== undefined) packages.push({ name, kind: 'hub', package: entry.package, version: String(entry.version) });
    else if (typeof entry.git === 'string' && entry.revision !== undefined) {
      packages.push({ name, kind: 'git', git: entry.git, revision: String(entry.revision), ...(entry.subdirectory ? { subdirectory: String(entry.subdirectory) } : {}) });
    } else if (typeof entry.local === 'string') packages.push({ name, kind: 'local', local: entry.local });
    else if (typeof entry.tarball === 'string') packages.push({ name, kind: 'tarball', tarball: entry.tarball });
    else invalid();
  });
  return { packages, sha1Hash: value.sha1_hash === undefined ? '' : String(value.sha1_hash) };
}

function entryYaml(entry: LockEntry): Record<string, unknown> {
  switch (entry.kind) {
    case 'hub':
      return { name: entry.name, package: entry.package, version: entry.version };
    case 'git':
      return { name: entry.name, git: entry.git, revision: entry.revision, ...(entry.subdirectory ? { subdirectory: entry.subdirectory } : {}) };
    case 'local':
      return { name: entry.name, local: entry.local };
    case 'tarball':
      return { name: entry.name, tarball: entry.tarball };
  }
}

export function writePackageLock(projectDir: string, lock: PackageLock): void {
  const text = stringify({ packages: lock.packages.map(entryYaml), sha1_hash: lock.sha1Hash }, { lineWidth: 0 });
  writeFileAtomic(join(projectDir, LOCK_FILE), text);
}
