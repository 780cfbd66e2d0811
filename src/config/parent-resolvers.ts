/**
 * How a manifest's `parent` (or floe.yaml's `platform.manifest`) reference
 * becomes a file to read. Adding a kind of reference is adding a
 * `ParentManifestResolver`, not editing the chain code.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { cachedFileArtifact, formatOciReference, OciContentCache, parseOciReference, PLATFORM_MANIFEST_ARTIFACT } from '../oci/index.js';
import { isFloeError } from '../errors/index.js';

/** Where a manifest came from when it is not a local file. */
export interface ManifestOrigin {
  /** The reference as written (oci://registry/name:tag). */
  reference: string;
  /** The digest it resolved to (the OCI manifest's sha256). */
  digest: string;
}

export type ParentResolution = { path: string; origin?: ManifestOrigin } | { error: string; code: string; hint?: string };

export interface ParentManifestResolver {
  /** Whether this resolver understands the reference (e.g. starts with `oci://`). */
  handles(reference: string): boolean;
  /** A local file to read for `reference`, written in the file `fromFile`; or why not. */
  resolve(reference: string, fromFile: string): ParentResolution;
}

/**
 * `oci://` references, served from the OCI content cache (FLOE_OCI_CACHE or
 * ~/.cache/floe/oci). `pullOciManifests` fills it before the chain is read;
 * compile does that, so a reference not in the cache means nothing pulled it.
 */
export function ociCacheManifestResolver(cacheDir?: string): ParentManifestResolver {
  return {
    handles: (reference) => reference.startsWith('oci://'),
    resolve: (reference) => {
      try {
        const parsed = parseOciReference(reference);
        const cached = cachedFileArtifact(parsed, PLATFORM_MANIFEST_ARTIFACT, new OciContentCache(cacheDir));
        if (!cached) {
          return {
            code: 'FLOE_MANIFEST_OCI_NOT_PULLED',
            error: `${reference} has not been pulled`,
            hint: '`floe compile` and `floe validate` pull OCI manifests; run one of them (with the registry reachable)',
          };
        }
        return { path: cached.path, origin: { reference: formatOciReference(parsed), digest: cached.digest } };
      } catch (error) {
        if (isFloeError(error)) return { code: error.code, error: error.message, hint: error.hint };
        throw error;
      }
    },
  };
}

/** The default OCI resolver: the content cache of this environment. */
export const ociManifestResolver: ParentManifestResolver = {
  handles: (reference) => reference.startsWith('oci://'),
  resolve: (reference, fromFile) => ociCacheManifestResolver().resolve(reference, fromFile),
};

/** Paths are relative to the file that names them. */
export const localFileManifestResolver: ParentManifestResolver = {
  handles: (reference) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(reference),
  resolve: (reference, fromFile) => ({ path: isAbsolute(reference) ? reference : join(dirname(fromFile), reference) }),
};

export const defaultParentResolvers: readonly ParentManifestResolver[] = [ociManifestResolver, localFileManifestResolver];

export function resolveParentReference(
  reference: string,
  fromFile: string,
  resolvers: readonly ParentManifestResolver[] = defaultParentResolvers,
): ParentResolution {
  const resolver = resolvers.find((candidate) => candidate.handles(reference));
  if (!resolver) {
    return { code: 'FLOE_MANIFEST_REFERENCE', error: `unsupported manifest reference '${reference}'`, hint: 'use a path relative to this file, or oci://registry/name:tag' };
  }
  return resolver.resolve(reference, fromFile);
}
