import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** floe's version from package.json (read once). */
export function floeVersion(): string {
  if (cached) return cached;
  const url = new URL('../../package.json', import.meta.url);
  cached = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  return cached;
}
