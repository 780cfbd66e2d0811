/**
 * dbt's version specifiers (`1.2.3`, `>=1.0.0`, `<2.0.0`, `=0.9`, each a
 * separate list item that must all hold) read as one semver range. dbt
 * writes `0.9` for `0.9.0`; prereleases are picked only when asked for.
 */

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

/** -1, 0 or 1: two normalized versions compared by their numbers (a prerelease is below its release). */
function compareVersions(a: string, b: string): number {
  const [coreA, preA] = a.split('-');
  const [coreB, preB] = b.split('-');
  const x = coreA.split('.').map(Number);
  const y = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

/**
 * Whether `version` is inside all of `specifiers` (require-dbt-version, at
 * every load — without the semver library, which only floe deps needs).
 */
export function satisfiesSpecifiers(version: string, specifiers: readonly string[]): boolean | undefined {
  const range = parseVersionSpecifiers(specifiers);
  const normalized = normalizeVersion(version);
  if (!range || !normalized) return undefined;
  if (range.range === '*') return true;
  return range.range.split(' ').every((comparator) => {
    const [, op, wanted] = /^(>=|<=|>|<|=)(.*)$/.exec(comparator) as RegExpExecArray;
    const order = compareVersions(normalized, wanted);
    return op === '>=' ? order >= 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : op === '<' ? order < 0 : order === 0;
  });
}
