/**
 * floe configuration: the platform's manifest.yaml and a data team's
 * floe.yaml — schemas, located loading, inheritance, environments, secrets.
 */
export { API_VERSION, NAME_PATTERN, SEMVER_PATTERN, secretRefSchema, secretValueSchema } from './common-schemas.js';
export type { SecretRef, SecretSource, Resources, Tier, EnvironmentName } from './common-schemas.js';

export { manifestSchema } from './manifest-schema.js';
export type { Manifest, ManifestInput, ManifestScope } from './manifest-schema.js';
export { PLUGIN_CATEGORIES } from './plugins-schema.js';
export type { PluginCategory, PluginSelection, Plugins, ApprovedPlugins } from './plugins-schema.js';
export { COMPUTE_TYPES } from './compute-schema.js';
export type { ComputeType, ComputeTarget, ComputeSettings, DuckdbConfig, PostgresConfig } from './compute-schema.js';
export { ENFORCEMENT_LEVELS, NAMING_PATTERNS, CLASSIFICATION_CLASSES } from './governance-schema.js';
export type {
  EnforcementLevel,
  ClassificationClass,
  GovernanceSettings,
  NamingSettings,
  QualityGates,
  ClassificationRule,
  PolicyOverride,
} from './governance-schema.js';
export type { Observability, TracingSettings, LineageSettings, LoggingSettings } from './observability-schema.js';
export type { OrchestratorSettings } from './orchestrator-schema.js';
export { API_ROLES } from './webserver-schema.js';
export { withoutServiceOnlySettings } from './service-only-settings.js';
export type { ApiRole, ApiToken, OrchestratorEndpoint, WebserverSettings } from './webserver-schema.js';
export { RESOURCE_PRESET_NAMES } from './platform-services-schema.js';
export type { ResourcePresetName, ResourcePresets, Service, EnvironmentOverlay } from './platform-services-schema.js';

export { productSchema } from './product-schema.js';
export type { DataProduct, DataProductInput, Transform, Schedule, OutputPort, InputPort } from './product-schema.js';

export type { ConfigPath } from './yaml-source.js';
export { loadManifestFile, loadProductFile } from './load-config-file.js';
export type { LoadResult } from './load-config-file.js';
export { resolveManifestChain } from './manifest-chain.js';
export type { ManifestChain, ManifestChainEntry, ResolveManifestChainOptions } from './manifest-chain.js';
export { stricterLevel } from './manifest-merge.js';
export { defaultParentResolvers, localFileManifestResolver, ociManifestResolver, ociCacheManifestResolver } from './parent-resolvers.js';
export type { ParentManifestResolver, ParentResolution, ManifestOrigin } from './parent-resolvers.js';
export { pullOciManifests } from './oci-manifest-pull.js';
export type { OciManifestPulls, PulledManifest, PullOciManifestsOptions } from './oci-manifest-pull.js';
export { loadDataProduct, PRODUCT_FILE_NAMES } from './load-data-product.js';
export type { LoadedDataProduct, LoadDataProductOptions } from './load-data-product.js';
export { effectiveSettings, ENVIRONMENTS } from './environment-settings.js';
export type { EnvironmentSettings } from './environment-settings.js';

export { findSecretRefs, resolveSecretRef, redactSecrets, DEFAULT_KUBERNETES_SECRETS_DIR } from './secrets.js';
export type { FoundSecretRef, ResolveSecretOptions } from './secrets.js';

export { JSON_SCHEMA_FILES, renderJsonSchema } from './json-schema.js';
export type { JsonSchemaFileName } from './json-schema.js';
export { renderConfigReference } from './config-reference.js';
