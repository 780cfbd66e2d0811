/**
 * Verifying a bundle before anything of it is stored or written: the digest,
 * the size limits, that it is a gzipped tarball, that every entry is a plain
 * file or folder at a clean relative path (no `..`, nothing absolute, no
 * links, no devices, no duplicates), and that it carries valid compiled
 * artifacts. The whole bundle is read in memory (it is bounded by the limits).
 */
import { gunzipSync } from 'node:zlib';
import type { CompiledArtifacts } from '../../compile/index.js';
import { isFloeError } from '../../errors/index.js';
import { bundleError, BUNDLE_ERROR_CODES } from './bundle-errors.js';
import { BUNDLE_ARTIFACTS_PATH } from './bundle-layout.js';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle-limits.js';
import { bundleDigestOf } from './package-bundle.js';

export interface BundleEntry {
  /** Clean POSIX path relative to the bundle root. */
  path: string;
  type: 'file' | 'directory';
  content: Buffer;
}

export interface VerifiedBundle {
  digest: string;
  sizeBytes: number;
  unpackedBytes: number;
  entries: BundleEntry[];
  artifacts: CompiledArtifacts;
}

export interface ReadBundleOptions {
  /** Refuse the bundle unless its bytes have this digest (`sha256:<hex>`). */
  expectedDigest?: string;
  limits?: BundleLimits;
}

const MAX_PATH_LENGTH = 1024;

/** The entry's path, or a refusal saying why it is not safe to unpack. */
export function checkEntryPath(name: string): string {
  const unsafe = (why: string): never => {
    throw bundleError(BUNDLE_ERROR_CODES.unsafePath, `The bundle entry "${name}" ${why}; nothing was stored.`);
  };
  if (name.length === 0) unsafe('has no name');
  if (name.length > MAX_PATH_LENGTH) unsafe(`is longer than ${MAX_PATH_LENGTH} characters`);
  if (name.includes('\0')) unsafe('contains a NUL character');
  if (name.includes('\\')) unsafe('contains a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) unsafe('is an absolute path');
  const path = name.endsWith('/') ? name.slice(0, -1) : name;
  const segments = path.split('/');
  if (segments.includes('..')) unsafe('escapes the bundle root (`..`)');
  if (segments.some((segment) => segment === '' || segment === '.')) unsafe('is not a clean relative path');
  return path;
}

async function tarEntries(tar: Buffer, limits: BundleLimits): Promise<BundleEntry[]> {
  const { default: tarStream } = await import('tar-stream');
  const extract = tarStream.extract();
  const entries: BundleEntry[] = [];
  const reading = (async () => {
    for await (const entry of extract) {
      const { header } = entry;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (header.type === 'symlink' || header.type === 'link') {
        throw bundleError(BUNDLE_ERROR_CODES.link, `The bundle entry "${header.name}" is a ${header.type === 'symlink' ? 'symbolic' : 'hard'} link; a bundle carries no links. Nothing was stored.`);
      }
      if (header.type !== 'file' && header.type !== 'directory') {
        throw bundleError(BUNDLE_ERROR_CODES.unsupportedEntry, `The bundle entry "${header.name}" is a ${header.type ?? 'special file'}; a bundle holds only files and folders. Nothing was stored.`);
      }
      entries.push({ path: checkEntryPath(header.name), type: header.type, content: Buffer.concat(chunks) });
      if (entries.length > limits.maxEntries) {
        throw bundleError(BUNDLE_ERROR_CODES.tooLarge, `The bundle has more than ${limits.maxEntries} entries; nothing was stored.`);
      }
    }
  })();
  extract.end(tar);
  await reading;
  return entries;
}

function checkTree(entries: BundleEntry[]): void {
  const kinds = new Map<string, BundleEntry['type']>();
  for (const entry of entries) {
    const seen = kinds.get(entry.path);
    if (seen && !(seen === 'directory' && entry.type === 'directory')) {
      throw bundleError(BUNDLE_ERROR_CODES.duplicateEntry, `The bundle holds "${entry.path}" twice; nothing was stored.`);
    }
    kinds.set(entry.path, entry.type);
  }
  // A file cannot also be a folder on the way to another entry.
  for (const entry of entries) {
    const segments = entry.path.split('/');
    for (let i = 1; i < segments.length; i += 1) {
      const parent = segments.slice(0, i).join('/');
      if (kinds.get(parent) === 'file') {
        throw bundleError(BUNDLE_ERROR_CODES.duplicateEntry, `The bundle holds "${parent}" both as a file and as a folder; nothing was stored.`);
      }
    }
  }
}

export async function readBundle(bytes: Uint8Array, options: ReadBundleOptions = {}): Promise<VerifiedBundle> {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  if (bytes.byteLength > limits.maxBytes) {
    throw bundleError(BUNDLE_ERROR_CODES.tooLarge, `The bundle is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}. Nothing was stored.`, 'Make the product smaller, or raise FLOE_BUNDLE_MAX_BYTES on the orchestrator.');
  }
  const digest = bundleDigestOf(bytes);
  if (options.expectedDigest !== undefined && options.expectedDigest !== digest) {
    throw bundleError(BUNDLE_ERROR_CODES.digestMismatch, `The bundle's bytes have digest ${digest}, not the ${options.expectedDigest} it was sent as; nothing was stored.`, 'The upload was changed or cut short on the way: send it again.');
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 2 || buffer[0] !== 0x1f || buffer[1] !== 0x8b) {
    throw bundleError(BUNDLE_ERROR_CODES.notATarball, 'The bundle is not a gzipped tarball (.tar.gz); nothing was stored.');
  }
  let tar: Buffer;
  try {
    tar = gunzipSync(buffer, { maxOutputLength: limits.maxUnpackedBytes + 64 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw bundleError(BUNDLE_ERROR_CODES.tooLarge, `The bundle unpacks to more than ${limits.maxUnpackedBytes} bytes; nothing was stored.`, 'Make the product smaller, or raise FLOE_BUNDLE_MAX_UNPACKED_BYTES on the orchestrator.');
    }
    throw bundleError(BUNDLE_ERROR_CODES.notATarball, `The bundle is not a valid gzip stream (${(error as Error).message}); nothing was stored.`);
  }
  let entries: BundleEntry[];
  try {
    entries = await tarEntries(tar, limits);
  } catch (error) {
    if (isFloeError(error)) throw error;
    throw bundleError(BUNDLE_ERROR_CODES.notATarball, `The bundle is not a valid tarball (${(error as Error).message}); nothing was stored.`);
  }
  checkTree(entries);
  const unpackedBytes = entries.reduce((sum, entry) => sum + entry.content.length, 0);
  if (unpackedBytes > limits.maxUnpackedBytes) {
    throw bundleError(BUNDLE_ERROR_CODES.tooLarge, `The bundle unpacks to ${unpackedBytes} bytes, over the limit of ${limits.maxUnpackedBytes}; nothing was stored.`);
  }
  const artifactsEntry = entries.find((entry) => entry.path === BUNDLE_ARTIFACTS_PATH && entry.type === 'file');
  if (!artifactsEntry) {
    throw bundleError(BUNDLE_ERROR_CODES.noArtifacts, `The bundle has no ${BUNDLE_ARTIFACTS_PATH}; nothing was stored.`);
  }
  const { parseArtifacts } = await import('../../compile/index.js');
  let artifacts: CompiledArtifacts;
  try {
    artifacts = parseArtifacts(artifactsEntry.content.toString('utf8'), `bundle:${BUNDLE_ARTIFACTS_PATH}`);
  } catch (error) {
    const reason = isFloeError(error) ? `${error.message}${error.detail ? ` (${error.detail.split('\n')[0]})` : ''}` : String(error);
    throw bundleError(BUNDLE_ERROR_CODES.invalidArtifacts, `The bundle's compiled artifacts are not valid: ${reason}. Nothing was stored.`, 'Compile and package the product with this version of floe (`floe product package`).');
  }
  return { digest, sizeBytes: bytes.byteLength, unpackedBytes, entries, artifacts };
}
