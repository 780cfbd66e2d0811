/** Writes a small dbt project into a fresh temp dir for tests that need a variant of a fixture. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const DEFAULT_PROJECT = `name: shop\nprofile: shop\n`;
export const DEFAULT_PROFILES = `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ':memory:'\n`;

/** `files` maps relative paths to contents; dbt_project.yml and profiles.yml get defaults unless given (null leaves one out). */
export function temporaryProject(files: Record<string, string | null>): string {
  const root = mkdtempSync(join(tmpdir(), 'floe-parse-'));
  const all: Record<string, string | null> = { 'dbt_project.yml': DEFAULT_PROJECT, 'profiles.yml': DEFAULT_PROFILES, ...files };
  for (const [path, content] of Object.entries(all)) {
    if (content === null) continue;
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
  return root;
}
