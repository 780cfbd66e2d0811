/**
 * Deployment: the dev stack (compose files), Helm values from the manifest,
 * the platform commands against Kubernetes, and the data mesh over an OCI
 * registry (publishing manifests, resolving domains).
 */
export { loadPlatformManifest } from './platform-manifest.js';
export { publishManifest } from './publish-manifest.js';
export type { PublishManifestOptions, PublishedManifest } from './publish-manifest.js';
export { domainManifestReference, resolveDomainManifest } from './domain-manifest.js';
export type { DomainManifest } from './domain-manifest.js';
export { writeDevStack, DEV_STACK_DIR } from './dev-stack/write-dev-stack.js';
export type { DevStack } from './dev-stack/write-dev-stack.js';
export type { DevService } from './dev-stack/compose-file.js';
export { dockerEngine, composeUp } from './dev-stack/docker-engine.js';
export type { EngineCheck } from './dev-stack/docker-engine.js';
export { platformValues, platformValuesYaml, chartValuesProblems, effectiveChartValues, PACKAGE_CHARTS_DIR, KNOWN_SERVICES } from './platform/platform-values.js';
export type { PlatformValues } from './platform/platform-values.js';
export { COMPONENT_NAMES, PLATFORM_COMPONENTS } from './platform/platform-components.js';
export type { ComponentName, PlatformComponent } from './platform/platform-components.js';
export { Cluster } from './platform/cluster.js';
export type { ClusterOptions, WorkloadStatus } from './platform/cluster.js';
export { checkHelm } from './platform/helm-cli.js';
export { deployPlatform } from './platform/deploy-platform.js';
export type { DeployOptions, DeployEvent, DeployedComponent } from './platform/deploy-platform.js';
export { platformStatus, metricValue } from './platform/platform-status.js';
export type { PlatformStatus, ComponentStatus } from './platform/platform-status.js';
export { platformLogs } from './platform/platform-logs.js';
export type { LogsOptions } from './platform/platform-logs.js';
