import { isAbsolute, relative } from 'node:path';

/** A path as a person wants to read it: relative to the current folder when inside it, else absolute. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
