/**
 * `floe product package`: the compiled artifacts plus the product's files
 * (bundle-layout.ts) as a gzipped tarball, addressed by its sha256. The same
 * inputs give the same bytes: entries sorted by path, every header the same
 * apart from name and size (mode 0644, time 0, owner 0, no user names), and
 * gzip's header without a time.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { CompiledArtifacts } from '../../compile/index.js';
import { bundleError, BUNDLE_ERROR_CODES } from './bundle-errors.js';
import { collectBundleFiles } from './bundle-files.js';
import { BUNDLE_ARTIFACTS_PATH } from './bundle-layout.js';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle-limits.js';

export interface PackagedBundle {
  bytes: Buffer;
  /** `sha256:<hex>` of `bytes`. */
  digest: string;
  /** Paths inside the bundle, sorted. */
  files: string[];
  unpackedBytes: number;
}

export function bundleDigestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Builds the tarball of `entries` (path → content), in the order given. */
export async function deterministicTarball(entries: Array<{ path: string; content: Buffer }>): Promise<Buffer> {
  // Loaded here: only packaging needs it, not every command that imports the orchestrator.
  const { default: tarStream } = await import('tar-stream');
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: entry.path, size: entry.content.length, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '', type: 'file' },
        entry.content,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  pack.finalize();
  await finished;
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}

export async function packageBundle(productDir: string, artifacts: CompiledArtifacts, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<PackagedBundle> {
  const { serializeArtifacts } = await import('../../compile/index.js');
  const files = collectBundleFiles(productDir, artifacts.transforms.map((transform) => transform.path));
  const entries = [
    { path: BUNDLE_ARTIFACTS_PATH, content: Buffer.from(serializeArtifacts(artifacts), 'utf8') },
    ...files.map((file) => ({ path: file.path, content: readFileSync(file.absolute) })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (entries.length > limits.maxEntries) {
    throw bundleError(BUNDLE_ERROR_CODES.tooLarge, `The product has ${entries.length} files; a bundle holds at most ${limits.maxEntries}.`, 'Move files a run does not need out of the SQL project folders.');
  }
  const unpackedBytes = entries.reduce((sum, entry) => sum + entry.content.length, 0);
  if (unpackedBytes > limits.maxUnpackedBytes) {
    throw bundleError(BUNDLE_ERROR_CODES.tooLarge, `The product's files add up to ${unpackedBytes} bytes; a bundle unpacks to at most ${limits.maxUnpackedBytes}.`, 'Move large seeds or data out of the SQL project, or raise FLOE_BUNDLE_MAX_UNPACKED_BYTES on the orchestrator.');
  }
  const bytes = await deterministicTarball(entries);
  if (bytes.length > limits.maxBytes) {
    throw bundleError(BUNDLE_ERROR_CODES.tooLarge, `The bundle is ${bytes.length} bytes; the limit is ${limits.maxBytes}.`, 'Move large seeds or data out of the SQL project, or raise FLOE_BUNDLE_MAX_BYTES on the orchestrator.');
  }
  return { bytes, digest: bundleDigestOf(bytes), files: entries.map((entry) => entry.path), unpackedBytes };
}
