/** fnmatch-style patterns (`*`, `?`, `[abc]`), as dbt's selectors use them. */
const cache = new Map<string, RegExp>();

export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

export function globToRegExp(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (regex) return regex;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        let set = pattern.slice(i + 1, close);
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        source += `[${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += char.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  regex = new RegExp(`^${source}$`, 's');
  cache.set(pattern, regex);
  return regex;
}

export function globMatch(value: string, pattern: string): boolean {
  return hasWildcard(pattern) ? globToRegExp(pattern).test(value) : value === pattern;
}
