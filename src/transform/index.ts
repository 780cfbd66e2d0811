/**
 * The transform engine's public face: load a dbt-format project, build its
 * graph, select nodes, and execute them against a compute adapter.
 */
export type * from './types.js';
export { loadProject } from './project/index.js';
export type { LoadProjectOptions } from './project/index.js';
export { buildGraph, selectNodes } from './graph/index.js';
export type { DependencyGraph, SelectionOptions } from './graph/index.js';
export { executeNodes, composeListeners } from './execution/index.js';
export type { ExecuteOptions, RunOutcome } from './execution/index.js';
export { writeManifestJson } from './artifacts/index.js';
export { runProject } from './run-project.js';
export type { RunProjectOptions, ProjectRunOutcome } from './run-project.js';
export { installPackages, findPackageFolders } from './packages/index.js';
export type { InstallPackagesOptions, InstallPackagesOutcome, InstalledPackage } from './packages/index.js';
export { DBT_COMPATIBLE_VERSION } from './dbt-version.js';
export { compileNodes, showRows, generateDocs, checkSourceFreshness, debugProject, runOperation } from './operations/index.js';
export type { CompiledNode, ShowOptions, ShownRows, FreshnessResult, DebugCheck, DebugOptions, ProjectOperationOptions } from './operations/index.js';
