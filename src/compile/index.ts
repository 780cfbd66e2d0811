/**
 * Compile: floe.yaml + manifest chain + SQL projects → the compiled artifacts
 * (`.floe/artifacts.json`), the one versioned contract the runtime reads.
 */
export { compileProduct } from './compile-product.js';
export type { CompileOptions, CompileResult } from './compile-product.js';
export { writeArtifacts, readArtifacts, parseArtifacts, artifactsPath, serializeArtifacts } from './artifacts-file.js';
export { isStale, checkStaleness } from './staleness.js';
export { compileIfStale } from './compile-if-stale.js';
export type { CompileIfStaleResult } from './compile-if-stale.js';
export type { Staleness, StalenessOptions } from './staleness.js';
export { profileTargetFor } from './compute-resolution.js';
export type { TargetOptions } from './compute-resolution.js';
export {
  artifactsSchema,
  artifactsJsonSchema,
  renderArtifactsJsonSchema,
  ARTIFACTS_VERSION,
  ARTIFACTS_DIR,
  ARTIFACTS_FILE,
} from './artifacts-schema.js';
export type { CompiledArtifacts, TransformArtifact, GraphNodeArtifact, ComputeArtifact, OutputPortArtifact } from './artifacts-schema.js';
