/**
 * loadProject: the I/O shell around the parse. It reads the snapshot of every
 * file (read phase), opens the partial-parse cache, runs the pure phases
 * (parse-project.ts), and writes the cache back. Every problem found is
 * thrown together as FloeErrors — with the warnings found on the way — so a
 * user sees all of them at once.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FloeError } from '../../errors/index.js';
import type { ParsedProject, ResolvedTarget } from '../types.js';
import { parseProject, ParseErrors } from './parse-project.js';
import { openPartialParseCache, PARTIAL_PARSE_FILE, projectKeyOf } from './partial-parse.js';
import { readProjectSnapshot } from './project-snapshot.js';
import { PROJECT_FILE } from './project-settings.js';

export interface LoadProjectOptions {
  projectDir: string;
  /** Folder holding profiles.yml (else DBT_PROFILES_DIR, the project directory, ~/.dbt). */
  profilesDir?: string;
  /** Target name overriding the profile's `target:`. */
  target?: string;
  /** `--vars`: override dbt_project.yml vars. */
  vars?: Record<string, unknown>;
  /** Environment for env_var(); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** A connection resolved elsewhere (floe's platform manifest); profiles.yml is not read. */
  profileOverride?: ResolvedTarget;
  /**
   * Reuse what parse-time Jinja found in unchanged files, kept in `<target-path>/partial_parse.json`
   * (dbt's partial parsing; see partial-parse.ts). Default true; false neither reads nor writes it.
   */
  partialParse?: boolean;
}

export async function loadProject(options: LoadProjectOptions): Promise<ParsedProject> {
  const root = resolve(options.projectDir);
  if (!existsSync(join(root, PROJECT_FILE))) {
    throw new ParseErrors(
      [new FloeError('FLOE_PROJECT_NOT_FOUND', `no ${PROJECT_FILE} in ${root}`, { hint: 'run floe inside a dbt project directory or pass --project-dir' })],
      [],
    );
  }
  const errors: FloeError[] = [];
  const warnings: FloeError[] = [];
  const snapshot = readProjectSnapshot(options, errors, warnings);
  if (!snapshot) throw new ParseErrors(errors, warnings);
  let outcome;
  try {
    outcome = await parseProject(snapshot, {
      openCache:
        options.partialParse === false
          ? undefined
          : (inputs, targetPath) => openPartialParseCache(join(resolve(root, targetPath), PARTIAL_PARSE_FILE), projectKeyOf(inputs)),
    });
  } catch (error) {
    if (error instanceof ParseErrors) throw new ParseErrors([...errors, ...error.errors], [...warnings, ...error.warnings]);
    throw error;
  }
  if (errors.length > 0) throw new ParseErrors(errors, [...warnings, ...outcome.project.warnings]);
  outcome.cache?.save();
  outcome.project.warnings.unshift(...warnings);
  return outcome.project;
}
