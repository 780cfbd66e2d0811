/**
 * One file as an OCI artifact: an image manifest with floe's artifactType, a
 * small JSON config, and one layer holding the file's bytes. What `floe
 * platform publish` pushes (a manifest.yaml) and what compile pulls for a
 * `parent: oci://…`.
 */
import { FloeError } from '../errors/index.js';
import type { FileArtifactKind } from './artifact-kinds.js';
import { OciContentCache } from './content-cache.js';
import { OCI_MANIFEST_MEDIA_TYPE, TITLE_ANNOTATION } from './media-types.js';
import { formatOciReference, type OciReference } from './oci-reference.js';
import { RegistryClient, sha256Digest, type RegistryClientOptions } from './registry-client.js';

export interface PushFileOptions extends RegistryClientOptions {
  kind: FileArtifactKind;
  /** The file's name inside the artifact (the title annotation). */
  fileName: string;
  bytes: Buffer;
  /** What the config blob says about the file (e.g. manifest name and version). */
  config: Record<string, unknown>;
  annotations?: Record<string, string>;
}

export interface PushedArtifact {
  reference: string;
  /** Digest of the OCI manifest: what `@sha256:…` pins. */
  digest: string;
  size: number;
}

interface OciManifest {
  schemaVersion: number;
  mediaType?: string;
  artifactType?: string;
  config: { mediaType: string; digest: string; size: number };
  layers: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[];
  annotations?: Record<string, string>;
}

export async function pushFileArtifact(reference: OciReference, options: PushFileOptions): Promise<PushedArtifact> {
  if (!reference.tag) {
    throw new FloeError('FLOE_OCI_REFERENCE', `publishing needs a tag: ${formatOciReference(reference)}`, { hint: 'add :TAG, e.g. :v1.0.0' });
  }
  const client = new RegistryClient(reference.registry, options);
  const config = Buffer.from(JSON.stringify(options.config));
  const configDigest = await client.pushBlob(reference.repository, config);
  const layerDigest = await client.pushBlob(reference.repository, options.bytes);
  const manifest: OciManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: options.kind.artifactType,
    config: { mediaType: options.kind.configMediaType, digest: configDigest, size: config.length },
    layers: [{ mediaType: options.kind.layerMediaType, digest: layerDigest, size: options.bytes.length, annotations: { [TITLE_ANNOTATION]: options.fileName } }],
    annotations: { 'org.opencontainers.image.created': new Date().toISOString(), ...options.annotations },
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const digest = await client.pushManifest(reference.repository, reference.tag, bytes, OCI_MANIFEST_MEDIA_TYPE);
  return { reference: formatOciReference(reference), digest, size: bytes.length };
}

export interface PulledFile {
  /** The reference as asked for. */
  reference: string;
  /** Digest of the OCI manifest the reference resolved to. */
  digest: string;
  /** Path of the file's bytes in the content cache (by the layer's digest). */
  path: string;
  bytes: Buffer;
  config: Record<string, unknown>;
  /** Set when the tag pointed at another digest the last time it was pulled. */
  moved?: { from: string; to: string };
  /** Set when the registry could not be reached and the cached content was used. */
  offline?: boolean;
}

export interface PullFileOptions extends RegistryClientOptions {
  kind: FileArtifactKind;
  cache?: OciContentCache;
}

/**
 * Pulls a file artifact: asks the registry what the tag points at now, takes
 * the content from the cache when it is there (by digest), verifies every
 * digest, and records tag → digest. A digest reference is served from the
 * cache without asking; a tag, from the cache only when the registry is unreachable.
 */
export async function pullFileArtifact(reference: OciReference, options: PullFileOptions): Promise<PulledFile> {
  const cache = options.cache ?? new OciContentCache();
  const text = formatOciReference(reference);
  const client = new RegistryClient(reference.registry, options);
  const previous = reference.tag && !reference.digest ? cache.tag(text) : undefined;
  let manifestBytes: Buffer | undefined = reference.digest ? cache.read(reference.digest) : undefined;
  let offline = false;
  if (!manifestBytes) {
    try {
      const fetched = await client.manifest(reference.repository, reference.digest ?? reference.tag ?? '', OCI_MANIFEST_MEDIA_TYPE);
      manifestBytes = fetched.bytes;
    } catch (error) {
      const cached = previous ? cache.read(previous.digest) : undefined;
      if (!(error instanceof FloeError) || error.code !== 'FLOE_OCI_UNREACHABLE' || !cached) throw error;
      manifestBytes = cached;
      offline = true;
    }
  }
  const digest = cache.write(manifestBytes);
  if (reference.digest && digest !== reference.digest) {
    throw new FloeError('FLOE_OCI_DIGEST_MISMATCH', `${text} resolved to content with digest ${digest}`, { hint: 'the content was altered; do not use it' });
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as OciManifest;
  const layer = manifest.layers?.[0];
  if (manifest.artifactType !== options.kind.artifactType || !layer || layer.mediaType !== options.kind.layerMediaType) {
    throw new FloeError('FLOE_OCI_WRONG_ARTIFACT', `${text} is not a ${options.kind.artifactType} artifact (it is ${manifest.artifactType ?? manifest.config?.mediaType ?? 'unknown'})`, {
      hint: 'point at an artifact published by floe (floe platform publish for manifests)',
    });
  }
  const fetchBlob = async (blobDigest: string): Promise<Buffer> => {
    const cached = cache.read(blobDigest);
    if (cached) return cached;
    const bytes = await client.blob(reference.repository, blobDigest);
    cache.write(bytes);
    return bytes;
  };
  const bytes = await fetchBlob(layer.digest);
  const config = JSON.parse((await fetchBlob(manifest.config.digest)).toString('utf8')) as Record<string, unknown>;
  if (reference.tag && !reference.digest && !offline) cache.recordTag(text, digest);
  return {
    reference: text,
    digest,
    path: cache.blobPath(sha256Digest(bytes)),
    bytes,
    config,
    moved: previous && previous.digest !== digest ? { from: previous.digest, to: digest } : undefined,
    offline: offline || undefined,
  };
}

/**
 * What a reference points at in the cache, without asking the registry (the
 * synchronous half, for code that runs after a pull): a digest directly, a
 * tag through the digest it had when last pulled.
 */
export function cachedFileArtifact(reference: OciReference, kind: FileArtifactKind, cache: OciContentCache = new OciContentCache()): { path: string; digest: string } | undefined {
  const digest = reference.digest ?? cache.tag(formatOciReference(reference))?.digest;
  const manifestBytes = digest ? cache.read(digest) : undefined;
  if (!digest || !manifestBytes) return undefined;
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as OciManifest;
  const layer = manifest.layers?.[0];
  if (manifest.artifactType !== kind.artifactType || !layer || cache.read(layer.digest) === undefined) return undefined;
  return { path: cache.blobPath(layer.digest), digest };
}
