/** How big a bundle may be: its compressed bytes, what it unpacks to, and how many files. */
import { FloeError } from '../../errors/index.js';

export interface BundleLimits {
  /** The .tar.gz itself. Default 64 MiB (FLOE_BUNDLE_MAX_BYTES). */
  maxBytes: number;
  /** Everything it unpacks to (a zip bomb stops here). Default 512 MiB (FLOE_BUNDLE_MAX_UNPACKED_BYTES). */
  maxUnpackedBytes: number;
  /** Files and folders in it. Default 20000. */
  maxEntries: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { maxBytes: 64 * 1024 * 1024, maxUnpackedBytes: 512 * 1024 * 1024, maxEntries: 20_000 };

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new FloeError('FLOE_BUNDLE_INVALID_LIMIT', `${name} must be a whole number of bytes ≥ 1, got "${value}".`, { hint: `Unset ${name} for the default (${fallback}).` });
  }
  return parsed;
}

/** The limits, with FLOE_BUNDLE_MAX_BYTES / FLOE_BUNDLE_MAX_UNPACKED_BYTES overriding the defaults. */
export function bundleLimitsFromEnv(env: Record<string, string | undefined> = process.env): BundleLimits {
  return {
    maxBytes: positiveInteger(env.FLOE_BUNDLE_MAX_BYTES, 'FLOE_BUNDLE_MAX_BYTES', DEFAULT_BUNDLE_LIMITS.maxBytes),
    maxUnpackedBytes: positiveInteger(env.FLOE_BUNDLE_MAX_UNPACKED_BYTES, 'FLOE_BUNDLE_MAX_UNPACKED_BYTES', DEFAULT_BUNDLE_LIMITS.maxUnpackedBytes),
    maxEntries: DEFAULT_BUNDLE_LIMITS.maxEntries,
  };
}
