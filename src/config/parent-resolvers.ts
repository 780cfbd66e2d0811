/**
 * How a manifest's `parent` reference becomes a file to read. Local paths
 * work today; `oci://` references get their own resolver in a later issue —
 * adding one is adding a `ParentManifestResolver`, not editing the chain code.
 */
import { dirname, isAbsolute, join } from 'node:path';

export type ParentResolution = { path: string } | { error: string; code: string; hint?: string };

export interface ParentManifestResolver {
  /** Whether this resolver understands the reference (e.g. starts with `oci://`). */
  handles(reference: string): boolean;
  /** A local file to read for `reference`, written in the file `fromFile`; or why not. */
  resolve(reference: string, fromFile: string): ParentResolution;
}

export const ociManifestResolver: ParentManifestResolver = {
  handles: (reference) => reference.startsWith('oci://'),
  resolve: (reference) => ({
    code: 'FLOE_MANIFEST_OCI_UNSUPPORTED',
    error: `OCI manifests are not supported yet (${reference})`,
    hint: 'reference the parent manifest by a path relative to this file for now',
  }),
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
    return { code: 'FLOE_MANIFEST_REFERENCE', error: `unsupported manifest reference '${reference}'`, hint: 'use a path relative to this file' };
  }
  return resolver.resolve(reference, fromFile);
}
