/**
 * The read phase of a load: dbt_project.yml, the profile (or the connection
 * floe resolved), the installed packages (see ../packages), and every file
 * of every project — read once, before any parsing. Errors found here are
 * collected like the parse's own.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FloeError } from '../../errors/index.js';
import { findPackageFolders } from '../packages/index.js';
import type { ResolvedTarget } from '../types.js';
import type { ProjectSnapshot } from './parse-session.js';
import { readProjectFiles, type ProjectFiles } from './project-files.js';
import { normalizeTargetConfig, resolveProfile } from './profiles.js';
import { PROJECT_FILE } from './project-settings.js';

export interface SnapshotRequest {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  profileOverride?: ResolvedTarget;
}

/** undefined when the root project itself could not be read (errors say why). */
export function readProjectSnapshot(request: SnapshotRequest, errors: FloeError[], warnings: FloeError[]): ProjectSnapshot | undefined {
  const rootDir = resolve(request.projectDir);
  const env = request.env ?? process.env;
  const cliVars = request.vars ?? {};
  const root = readProjectFiles(rootDir, rootDir, cliVars, env, errors, warnings);
  if (!root) return undefined;
  const { settings, rawVars } = root.loaded;

  const packages: ProjectFiles[] = [];
  for (const folder of findPackageFolders(rootDir, env, errors, warnings)) {
    if (!existsSync(join(folder.dir, PROJECT_FILE))) continue;
    const files = readProjectFiles(folder.dir, rootDir, cliVars, env, errors, warnings);
    if (files) packages.push(files);
  }
  packages.sort((a, b) => (a.loaded.settings.name < b.loaded.settings.name ? -1 : 1));

  // The profile sees the root project's vars (global and its own scope) and --vars.
  const vars = { ...rawVars, ...cliVars };
  const target =
    (request.profileOverride && { ...request.profileOverride, config: normalizeTargetConfig(request.profileOverride.config, rootDir, settings.name) }) ??
    resolveProfile({ projectRoot: rootDir, projectName: settings.name, profileName: settings.profile, profilesDir: request.profilesDir, target: request.target, env, vars }, errors) ??
    // Keep parsing with a stand-in so the user sees every other problem too.
    { profileName: settings.profile ?? settings.name, targetName: 'default', threads: 1, config: { type: 'duckdb', path: ':memory:', schema: 'main' } };
  return { root, packages, target, env, cliVars };
}
