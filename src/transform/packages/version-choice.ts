/** Picking a hub version: the semver library, loaded only by floe deps. */
import semver from 'semver';
import { normalizeVersion, type VersionRange } from './version-ranges.js';

/** The highest of `versions` inside every range; prereleases only when allowed or named. */
export function highestSatisfying(versions: Iterable<string>, ranges: readonly VersionRange[], allowPrerelease: boolean): string | undefined {
  const includePrerelease = allowPrerelease || ranges.some((r) => r.mentionsPrerelease);
  let best: { original: string; normalized: string } | undefined;
  for (const original of versions) {
    const normalized = normalizeVersion(original);
    if (!normalized || !semver.valid(normalized)) continue;
    if (!includePrerelease && semver.prerelease(normalized)) continue;
    if (!ranges.every((r) => semver.satisfies(normalized, r.range, { includePrerelease: true }))) continue;
    if (!best || semver.gt(normalized, best.normalized)) best = { original, normalized };
  }
  return best?.original;
}

