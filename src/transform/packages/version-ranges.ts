/**
 * dbt's version specifiers (`1.2.3`, `>=1.0.0`, `<2.0.0`, `=0.9`, each a
 * separate list item that must all hold) read as one semver range. dbt
 * writes `0.9` for `0.9.0`; prereleases are picked only when asked for.
 */
import semver from 'semver';

const SPECIFIER = /^(>=|<=|>|<|=|==)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export interface VersionRange {
  /** The npm-semver range (comparators joined by spaces: all must hold). */
  range: string;
  /** Whether a specifier names a prerelease (then prereleases may be picked, as in dbt). */
  mentionsPrerelease: boolean;
}

/** undefined when a specifier is not a version dbt accepts. */
export function parseVersionSpecifiers(specifiers: readonly string[]): VersionRange | undefined {
  const comparators: string[] = [];
  let mentionsPrerelease = false;
  for (const raw of specifiers) {
    const text = raw.trim();
    if (text === '' || text === '*') continue;
    const match = SPECIFIER.exec(text);
    if (!match) return undefined;
    const [, operator, major, minor, patch, prerelease] = match;
    if (prerelease) mentionsPrerelease = true;
    const op = operator === undefined || operator === '==' ? '=' : operator;
    comparators.push(`${op}${major}.${minor ?? 0}.${patch ?? 0}${prerelease ?? ''}`);
  }
  return { range: comparators.length === 0 ? '*' : comparators.join(' '), mentionsPrerelease };
}

/** The version string with missing minor/patch filled in (`0.9` → `0.9.0`), or undefined when it is not a version. */
export function normalizeVersion(version: string): string | undefined {
  const match = SPECIFIER.exec(version.trim());
  if (!match || match[1]) return undefined;
  return `${match[2]}.${match[3] ?? 0}.${match[4] ?? 0}${match[5] ?? ''}`;
}

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

/** Whether `version` is inside all of `specifiers` (used for require-dbt-version). */
export function satisfiesSpecifiers(version: string, specifiers: readonly string[]): boolean | undefined {
  const range = parseVersionSpecifiers(specifiers);
  if (!range) return undefined;
  return semver.satisfies(version, range.range, { includePrerelease: true });
}
