/**
 * Unpacking a verified bundle into a private, fresh temporary folder (mode
 * 0700; files 0644 whatever the tarball says, so nothing executable or
 * set-uid comes out of it). Each path is checked again against the folder
 * before it is written, and files are created exclusively, never through an
 * existing file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CompiledArtifacts } from '../../compile/index.js';
import { bundleError, BUNDLE_ERROR_CODES } from './bundle-errors.js';
import { readBundle, type ReadBundleOptions } from './read-bundle.js';

export interface UnpackedBundle {
  /** The product folder (holds `.floe/artifacts.json` and the SQL projects). */
  dir: string;
  digest: string;
  artifacts: CompiledArtifacts;
  /** Removes the folder and everything in it. Safe to call twice. */
  remove(): void;
}

export interface UnpackBundleOptions extends ReadBundleOptions {
  /** Where the temporary folder is made. Default the system's temp folder. */
  parentDir?: string;
}

export async function unpackBundle(bytes: Uint8Array, options: UnpackBundleOptions = {}): Promise<UnpackedBundle> {
  const bundle = await readBundle(bytes, options);
  const root = mkdtempSync(join(options.parentDir ?? tmpdir(), 'floe-bundle-'));
  const remove = (): void => rmSync(root, { recursive: true, force: true });
  try {
    for (const entry of bundle.entries) {
      const target = resolve(root, entry.path);
      const inside = relative(root, target);
      if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || resolve(root, inside) !== target) {
        throw bundleError(BUNDLE_ERROR_CODES.unsafePath, `The bundle entry "${entry.path}" would land outside its folder.`);
      }
      if (entry.type === 'directory') {
        mkdirSync(target, { recursive: true, mode: 0o755 });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
      writeFileSync(target, entry.content, { flag: 'wx', mode: 0o644 });
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { dir: root, digest: bundle.digest, artifacts: bundle.artifacts, remove };
}
