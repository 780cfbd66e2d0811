/** Commands on a project that are not runs: compile, show, docs generate, source freshness, debug. */
export { compileNodes } from './compile-nodes.js';
export type { CompiledNode } from './compile-nodes.js';
export { showRows } from './show-rows.js';
export type { ShowOptions, ShownRows } from './show-rows.js';
export { generateDocs, CATALOG_SCHEMA_VERSION } from './docs-catalog.js';
export { checkSourceFreshness, SOURCES_SCHEMA_VERSION } from './source-freshness.js';
export type { FreshnessResult } from './source-freshness.js';
export { debugProject } from './debug-project.js';
export { runOperation } from './run-operation.js';
export type { DebugCheck, DebugOptions } from './debug-project.js';
export type { ProjectOperationOptions } from './open-project.js';
