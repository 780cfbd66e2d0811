export { writeManifestJson, buildManifestJson, relationName, MANIFEST_SCHEMA_VERSION } from './manifest-json.js';
export type { ManifestJsonOptions } from './manifest-json.js';
export { writeRunResultsJson, buildRunResultsJson, RUN_RESULTS_SCHEMA_VERSION, DBT_COMPAT_VERSION } from './run-results-json.js';
export type { RunResultsInput, RunResultsJson, RunResultJson, RunResultDetails, TimingInfo } from './run-results-json.js';
export { writeSqlArtifact, sqlArtifactPath } from './compiled-sql.js';
export type { SqlArtifactKind } from './compiled-sql.js';
