import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** floe's version from package.json (read once); recorded in the artifacts. */
export function floeVersion(): string {
  if (cached) return cached;
  // src/compile/ and dist/compile/ are both two levels below package.json.
  const url = new URL('../../package.json', import.meta.url);
  cached = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  return cached;
}
