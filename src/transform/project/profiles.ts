/**
 * profiles.yml: find it (dbt's order: --profiles-dir, DBT_PROFILES_DIR, the
 * project directory, ~/.dbt), pick the profile and target, render env_var().
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { FloeError, didYouMean } from '../../errors/index.js';
import type { ResolvedTarget } from '../types.js';
import { renderConfigValue } from './config-string-renderer.js';
import { isMapping, loadYaml } from './yaml-with-positions.js';

export const PROFILES_FILE = 'profiles.yml';

export interface ProfileRequest {
  projectRoot: string;
  projectName: string;
  /** `profile:` from dbt_project.yml (defaults to the project name). */
  profileName?: string;
  profilesDir?: string;
  target?: string;
  env: Record<string, string | undefined>;
  vars: Record<string, unknown>;
}

/** Where profiles.yml is looked for, in order, each with why. */
export function profilesSearchPath(request: ProfileRequest): Array<{ dir: string; reason: string; explicit: boolean }> {
  const result: Array<{ dir: string; reason: string; explicit: boolean }> = [];
  if (request.profilesDir) return [{ dir: resolve(request.profilesDir), reason: '--profiles-dir', explicit: true }];
  const fromEnv = request.env.DBT_PROFILES_DIR;
  if (fromEnv) return [{ dir: resolve(fromEnv), reason: 'DBT_PROFILES_DIR', explicit: true }];
  result.push({ dir: request.projectRoot, reason: 'the project directory', explicit: false });
  const home = request.env.HOME || homedir();
  result.push({ dir: join(home, '.dbt'), reason: '~/.dbt', explicit: false });
  return result;
}

export function resolveProfile(request: ProfileRequest, errors: FloeError[]): ResolvedTarget | undefined {
  const searchPath = profilesSearchPath(request);
  const found = searchPath.find((entry) => existsSync(join(entry.dir, PROFILES_FILE)));
  if (!found) {
    const where = searchPath.map((entry) => `${join(entry.dir, PROFILES_FILE)} (${entry.reason})`).join(', ');
    errors.push(
      new FloeError('FLOE_PROFILE_NOT_FOUND', `no profiles.yml found; looked in ${where}`, {
        hint: 'create profiles.yml in the project directory or pass --profiles-dir',
      }),
    );
    return undefined;
  }
  const file = join(found.dir, PROFILES_FILE);
  const { value, positions } = loadYaml(readFileSync(file, 'utf8'), file, errors);
  if (value === undefined) return undefined;
  const profileName = request.profileName ?? request.projectName;
  const profiles = isMapping(value) ? value : {};
  const profileNames = Object.keys(profiles).filter((name) => name !== 'config');
  const profile = profiles[profileName];
  if (!isMapping(profile)) {
    const suggestion = didYouMean(profileName, profileNames);
    errors.push(
      new FloeError('FLOE_PROFILE_NOT_FOUND', `profile '${profileName}' not found in ${file}`, {
        position: { file },
        hint: [
          suggestion,
          profileNames.length ? `available profiles: ${profileNames.join(', ')}` : 'the file defines no profiles',
          `the name comes from 'profile:' in dbt_project.yml`,
        ].filter(Boolean).join('; '),
      }),
    );
    return undefined;
  }
  const outputs = isMapping(profile.outputs) ? profile.outputs : {};
  const targetNames = Object.keys(outputs);
  const renderContext = { env: request.env, vars: request.vars };
  const requested = request.target ?? (profile.target === undefined ? 'default' : renderConfigValue(profile.target, renderContext, positions.key(profile, 'target'), errors));
  const targetName = String(requested);
  const target = outputs[targetName];
  if (!isMapping(target)) {
    const suggestion = didYouMean(targetName, targetNames);
    errors.push(
      new FloeError('FLOE_TARGET_NOT_FOUND', `target '${targetName}' not found in profile '${profileName}' (${file})`, {
        position: request.target ? positions.key(profile, 'outputs') : positions.key(profile, 'target'),
        hint: [suggestion, targetNames.length ? `available targets: ${targetNames.join(', ')}` : 'the profile has no outputs'].filter(Boolean).join('; '),
      }),
    );
    return undefined;
  }
  const before = errors.length;
  const config = renderConfigValue(target, renderContext, positions.of(target), errors) as Record<string, unknown>;
  if (errors.length > before) return undefined;
  if (typeof config.type !== 'string' || config.type === '') {
    errors.push(
      new FloeError('FLOE_PROFILE_INVALID', `target '${targetName}' of profile '${profileName}' has no 'type'`, {
        position: positions.of(target),
        hint: 'set type: duckdb or type: postgres',
      }),
    );
    return undefined;
  }
  return {
    profileName,
    targetName,
    threads: toThreads(config.threads),
    config: normalizeTargetConfig(config as Record<string, unknown> & { type: string }, request.projectRoot, request.projectName),
  };
}

function toThreads(value: unknown): number {
  const threads = Number(value ?? 1);
  return Number.isInteger(threads) && threads > 0 ? threads : 1;
}

/** Engine defaults a profile may leave out. */
export function normalizeTargetConfig(
  config: Record<string, unknown> & { type: string },
  projectRoot: string,
  projectName: string,
): Record<string, unknown> & { type: string } {
  const result = { ...config };
  if (result.type === 'duckdb') {
    const path = typeof result.path === 'string' && result.path !== '' ? result.path : join('warehouse', `${projectName}.duckdb`);
    // Relative paths are taken from the project root so --project-dir works from anywhere.
    result.path = path === ':memory:' || path.startsWith('md:') || isAbsolute(path) ? path : join(projectRoot, path);
    if (result.schema === undefined) result.schema = 'main';
  } else if (result.type === 'postgres') {
    if (result.port !== undefined) result.port = Number(result.port);
    if (result.dbname === undefined && typeof result.database === 'string') result.dbname = result.database;
    if (result.schema === undefined) result.schema = 'public';
  }
  if (result.threads !== undefined) result.threads = toThreads(result.threads);
  return result;
}

/** `target.database` as dbt adapters report it (DuckDB: the file name without extension). */
export function targetDatabase(config: Record<string, unknown> & { type: string }): string {
  if (typeof config.database === 'string' && config.database !== '' && config.type !== 'duckdb') return config.database;
  if (config.type === 'duckdb') {
    const path = String(config.path ?? ':memory:');
    if (path === ':memory:' || path === '') return 'memory';
    const base = path.split(/[\\/]/).pop() ?? path;
    return base.replace(/\.[^.]*$/, '');
  }
  if (typeof config.dbname === 'string') return config.dbname;
  return '';
}

export function targetSchema(config: Record<string, unknown> & { type: string }): string {
  return typeof config.schema === 'string' && config.schema !== '' ? config.schema : config.type === 'postgres' ? 'public' : 'main';
}
