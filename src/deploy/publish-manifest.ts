/**
 * `floe platform publish oci://REGISTRY/REPOSITORY:TAG`: a platform manifest,
 * checked (schema, inheritance — its own oci:// parent pulled), pushed as an
 * OCI artifact of floe's media types. Domains and products then name it in
 * `parent:` / `platform.manifest:`.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pullOciManifests, resolveManifestChain } from '../config/index.js';
import { FloeError, FloeErrors } from '../errors/index.js';
import { parseOciReference, PLATFORM_MANIFEST_ARTIFACT, pushFileArtifact } from '../oci/index.js';

export interface PublishManifestOptions {
  reference: string;
  manifestPath: string;
  environment?: NodeJS.ProcessEnv;
}

export interface PublishedManifest {
  reference: string;
  digest: string;
  name: string;
  version: string;
  scope: string;
  warnings: FloeError[];
}

export async function publishManifest(options: PublishManifestOptions): Promise<PublishedManifest> {
  const reference = parseOciReference(options.reference);
  const manifestPath = resolve(options.manifestPath);
  const pulls = await pullOciManifests(manifestPath, { environment: options.environment });
  if (pulls.errors.length > 0) throw new FloeErrors(pulls.errors);
  const chain = resolveManifestChain(manifestPath);
  if (chain.errors.length > 0 || !chain.effective) {
    throw new FloeErrors(chain.errors.length > 0 ? chain.errors : [new FloeError('FLOE_PUBLISH_INVALID', `${manifestPath} is not a valid manifest`)]);
  }
  const leaf = chain.chain[chain.chain.length - 1];
  const parent = chain.chain[chain.chain.length - 2];
  if (parent && !parent.oci) {
    throw new FloeError('FLOE_PUBLISH_LOCAL_PARENT', `${manifestPath} inherits from a local file (${parent.path}), which the consumers of ${options.reference} cannot read`, {
      hint: 'publish the parent first (floe platform publish oci://…/enterprise:TAG --manifest …) and set `parent:` to that oci:// reference',
    });
  }
  const pushed = await pushFileArtifact(reference, {
    kind: PLATFORM_MANIFEST_ARTIFACT,
    fileName: basename(manifestPath),
    bytes: readFileSync(manifestPath),
    config: { name: leaf.name, version: leaf.version, scope: leaf.scope, ...(parent?.oci ? { parent: parent.oci.reference, parent_digest: parent.oci.digest } : {}) },
    annotations: { 'org.opencontainers.image.title': basename(manifestPath), 'org.opencontainers.image.version': leaf.version, 'dev.floe.manifest.name': leaf.name },
    environment: options.environment,
  });
  return { reference: pushed.reference, digest: pushed.digest, name: leaf.name, version: leaf.version, scope: leaf.scope, warnings: [...pulls.warnings, ...chain.warnings] };
}
