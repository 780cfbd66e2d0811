/**
 * The OCI distribution client: floe's platform manifests (and, later,
 * product bundles) as OCI artifacts in any OCI registry — references, auth
 * from the docker config or the environment, push and pull by digest, and a
 * local content-addressed cache. A leaf module: it imports nothing of floe
 * but errors and files; config, deploy and orchestrator may import it.
 */
export { parseOciReference, formatOciReference, registryUsesPlainHttp } from './oci-reference.js';
export type { OciReference } from './oci-reference.js';
export { registryCredentials } from './registry-credentials.js';
export type { RegistryCredentials } from './registry-credentials.js';
export { RegistryClient, sha256Digest } from './registry-client.js';
export type { RegistryClientOptions, FetchedManifest } from './registry-client.js';
export { OciContentCache, defaultOciCacheDir } from './content-cache.js';
export { pushFileArtifact, pullFileArtifact, cachedFileArtifact } from './file-artifacts.js';
export type { FileArtifactKind } from './artifact-kinds.js';
export type { PushFileOptions, PushedArtifact, PulledFile, PullFileOptions } from './file-artifacts.js';
export * from './media-types.js';
export { PLATFORM_MANIFEST_ARTIFACT, PRODUCT_BUNDLE_ARTIFACT } from './artifact-kinds.js';
