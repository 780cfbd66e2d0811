/**
 * Recompile only when an input changed: the stored artifacts are stale when
 * they are missing or invalid, were made by another floe version or for
 * another environment, when a policy override they relied on has expired, or
 * when the set of input files or any file's sha256 differs from what they record.
 */
import { dirname, join, resolve } from 'node:path';
import { loadDataProduct, type EnvironmentName } from '../config/index.js';
import { isFloeError } from '../errors/index.js';
import { artifactsPath, readArtifacts } from './artifacts-file.js';
import type { CompiledArtifacts } from './artifacts-schema.js';
import { floeVersion } from '../version/index.js';
import { hashInputs, ociInputHashes, projectInputFiles } from './input-hashes.js';

export interface Staleness {
  stale: boolean;
  /** Why, for people (`floe run` prints it). */
  reason: string;
}

export interface StalenessOptions {
  /** The environment about to run; artifacts compiled for another one are stale. */
  env?: EnvironmentName;
  /** Decides whether a policy override has expired since compile; the current time by default. */
  now?: Date;
}

export function checkStaleness(productDir: string, options: StalenessOptions = {}): Staleness {
  const loaded = loadDataProduct(resolve(productDir));
  const dir = dirname(resolve(loaded.productPath));
  let stored: CompiledArtifacts;
  try {
    stored = readArtifacts(artifactsPath(dir));
  } catch (error) {
    if (!isFloeError(error)) throw error;
    return { stale: true, reason: error.code === 'FLOE_ARTIFACTS_NOT_FOUND' ? 'not compiled yet' : `stored artifacts unusable (${error.code})` };
  }
  if (stored.metadata.floe_version !== floeVersion()) return { stale: true, reason: `compiled by floe ${stored.metadata.floe_version}` };
  if (options.env && stored.metadata.environment !== options.env) return { stale: true, reason: `compiled for ${stored.metadata.environment}` };
  const validUntil = stored.governance.valid_until;
  // An override that shaped the stored outcome has expired: governance must run again.
  if (validUntil && (options.now ?? new Date()).getTime() >= Date.parse(`${validUntil}T00:00:00Z`) + 86_400_000) {
    return { stale: true, reason: `a policy override expired on ${validUntil}` };
  }
  // Config errors: let compile report them.
  if (!loaded.product || loaded.errors.length > 0) return { stale: true, reason: 'configuration changed (and has errors)' };
  const files = [
    resolve(loaded.productPath),
    ...loaded.chain.filter((entry) => !entry.oci).map((entry) => resolve(entry.path)),
    ...loaded.product.transforms.flatMap((transform) => projectInputFiles(join(dir, transform.path))),
  ];
  const current = { ...hashInputs(dir, files), ...ociInputHashes(loaded.chain) };
  const before = stored.metadata.input_hashes;
  const changed = [
    ...Object.keys(current).filter((file) => before[file] !== current[file]),
    ...Object.keys(before).filter((file) => !(file in current)),
  ].sort();
  if (changed.length > 0) {
    const listed = changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
    return { stale: true, reason: `inputs changed: ${listed}` };
  }
  return { stale: false, reason: 'up to date' };
}

export function isStale(productDir: string, options: StalenessOptions = {}): boolean {
  return checkStaleness(productDir, options).stale;
}
