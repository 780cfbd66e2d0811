/**
 * Deployment: the dev stack (compose files), Helm values from the manifest,
 * the platform commands against Kubernetes, and the data mesh over an OCI
 * registry (publishing manifests, resolving domains).
 */
export { publishManifest } from './publish-manifest.js';
export type { PublishManifestOptions, PublishedManifest } from './publish-manifest.js';
export { domainManifestReference, resolveDomainManifest } from './domain-manifest.js';
export type { DomainManifest } from './domain-manifest.js';
export { writeDevStack, DEV_STACK_DIR } from './dev-stack/write-dev-stack.js';
export type { DevStack } from './dev-stack/write-dev-stack.js';
export type { DevService } from './dev-stack/compose-file.js';
export { dockerEngine, composeUp } from './dev-stack/docker-engine.js';
export type { EngineCheck } from './dev-stack/docker-engine.js';
