/**
 * What `floe run` (and a job) needs before running: up-to-date artifacts.
 * Reuse the stored ones when no input changed; otherwise compile and, only
 * when compile succeeds, write them.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { artifactsPath, readArtifacts, writeArtifacts } from './artifacts-file.js';
import { compileProduct, type CompileOptions, type CompileResult } from './compile-product.js';
import { checkStaleness } from './staleness.js';
import { pullOciManifests } from '../config/index.js';

export interface CompileIfStaleResult extends CompileResult {
  /** True when compile ran (the stored artifacts were stale or missing). */
  compiled: boolean;
  /** Why it compiled, or `up to date`. */
  reason: string;
  /** The artifacts file, when artifacts were read or written. */
  path?: string;
}

export async function compileIfStale(options: CompileOptions): Promise<CompileIfStaleResult> {
  // Pull oci:// manifests first: a tag that moved makes the stored artifacts stale.
  const pulledManifests = await pullOciManifests(resolve(options.productDir));
  const staleness = checkStaleness(options.productDir, { env: options.env, now: options.now });
  if (!staleness.stale) {
    const given = resolve(options.productDir);
    const productDir = existsSync(given) && statSync(given).isFile() ? dirname(given) : given;
    const artifacts = readArtifacts(productDir);
    return {
      productDir,
      artifacts,
      errors: [],
      warnings: pulledManifests.warnings,
      findings: artifacts.governance.findings,
      compiled: false,
      reason: staleness.reason,
      path: artifactsPath(productDir),
    };
  }
  const result = await compileProduct({ ...options, pulledManifests });
  const path = result.artifacts ? writeArtifacts(result.productDir, result.artifacts) : undefined;
  return { ...result, compiled: true, reason: staleness.reason, ...(path ? { path } : {}) };
}
