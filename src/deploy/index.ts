/**
 * Deployment: the dev stack (compose files), Helm values from the manifest,
 * the platform commands against Kubernetes, and the data mesh over an OCI
 * registry (publishing manifests, resolving domains).
 */
export { publishManifest } from './publish-manifest.js';
export type { PublishManifestOptions, PublishedManifest } from './publish-manifest.js';
export { domainManifestReference, resolveDomainManifest } from './domain-manifest.js';
export type { DomainManifest } from './domain-manifest.js';
