import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * floe's version from package.json, read once. Shown by `floe --version`,
 * recorded in the compiled artifacts and used as the lineage producer.
 */
export function floeVersion(): string {
  if (cached) return cached;
  // src/version/ and dist/version/ are both two levels below package.json.
  const url = new URL('../../package.json', import.meta.url);
  cached = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  return cached;
}
