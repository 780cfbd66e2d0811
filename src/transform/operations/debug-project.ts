/**
 * `floe debug` (dbt debug): what a first run needs, checked one by one —
 * dbt_project.yml, profiles.yml and its target, the packages, git (for git
 * packages), and a connection to the warehouse. Each check reports ok or
 * what to do; nothing stops at the first failure.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createAdapter } from '../../compute/index.js';
import { FloeError } from '../../errors/index.js';
import { findPackageFolders } from '../packages/index.js';
import { parseProjectSettings, PROJECT_FILE } from '../project/project-settings.js';
import { profilesSearchPath, resolveProfile } from '../project/profiles.js';

const run = promisify(execFile);

export interface DebugCheck {
  name: string;
  ok: boolean;
  /** What was found (ok) or what is wrong. */
  detail: string;
  errors: FloeError[];
}

export interface DebugOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
}

export async function debugProject(options: DebugOptions): Promise<DebugCheck[]> {
  const root = resolve(options.projectDir);
  const env = options.env ?? process.env;
  const checks: DebugCheck[] = [];
  const check = (name: string, errors: FloeError[], detail: string): boolean => {
    checks.push({ name, ok: errors.length === 0, detail: errors.length === 0 ? detail : errors[0].message, errors });
    return errors.length === 0;
  };

  const projectFile = join(root, PROJECT_FILE);
  if (!existsSync(projectFile)) {
    check(PROJECT_FILE, [new FloeError('FLOE_PROJECT_NOT_FOUND', `no ${PROJECT_FILE} in ${root}`, { hint: 'run floe debug inside a dbt project, or pass --project-dir' })], '');
    return checks;
  }
  const projectErrors: FloeError[] = [];
  const loaded = parseProjectSettings(readFileSync(projectFile, 'utf8'), PROJECT_FILE, options.vars ?? {}, env, projectErrors, []);
  if (!check(PROJECT_FILE, projectErrors, `found and valid (project ${loaded?.settings.name ?? '?'})`) || !loaded) return checks;
  const { settings } = loaded;

  const profileErrors: FloeError[] = [];
  const request = { projectRoot: root, projectName: settings.name, profileName: settings.profile, profilesDir: options.profilesDir, target: options.target, env, vars: { ...loaded.rawVars, ...(options.vars ?? {}) } };
  const target = resolveProfile(request, profileErrors);
  const where = profilesSearchPath(request).map((entry) => join(entry.dir, 'profiles.yml')).find((file) => existsSync(file));
  check('profiles.yml', profileErrors, target ? `${where ?? 'profiles.yml'}: profile '${target.profileName}', target '${target.targetName}' (${target.config.type})` : '');

  const packageErrors: FloeError[] = [];
  const packages = findPackageFolders(root, env, packageErrors, []);
  check('packages', packageErrors, packages.length === 0 ? 'none declared or installed' : `${packages.length} found`);

  const gitErrors: FloeError[] = [];
  let gitVersion = '';
  try {
    gitVersion = (await run('git', ['--version'])).stdout.trim();
  } catch {
    gitErrors.push(new FloeError('FLOE_DEBUG_GIT', 'git is not installed (needed by floe deps for git packages)', { hint: 'install git' }));
  }
  check('git', gitErrors, gitVersion);

  if (!target) return checks;
  const connectionErrors: FloeError[] = [];
  let description = '';
  try {
    const adapter = await createAdapter(target.config, { projectRoot: root, projectName: settings.name });
    try {
      await adapter.withSession((session) => session.execute('select 1 as ok'));
      description = `${adapter.type}: database '${adapter.database}', schema '${adapter.schema}'`;
    } finally {
      await adapter.close();
    }
  } catch (error) {
    connectionErrors.push(error instanceof FloeError ? error : new FloeError('FLOE_DEBUG_CONNECTION', `could not connect: ${(error as Error).message}`, { cause: error }));
  }
  check('connection', connectionErrors, description);
  return checks;
}
