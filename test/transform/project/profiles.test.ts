import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FloeErrors } from '../../../src/errors/index.js';
import { loadProject } from '../../../src/transform/project/index.js';
import { temporaryProject } from './temporary-project.js';

const FIXTURE = 'test/fixtures/dbt/parse_basic';

async function loadErrors(promise: Promise<unknown>): Promise<FloeErrors> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FloeErrors) return error;
    throw error;
  }
  throw new Error('expected loadProject to fail');
}

function profilesDir(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-profiles-'));
  writeFileSync(join(dir, 'profiles.yml'), content);
  return dir;
}

const OTHER = 'shop:\n  target: elsewhere\n  outputs:\n    elsewhere:\n      type: duckdb\n      path: other.duckdb\n';

describe('profiles.yml', () => {
  it('reads the profile named in dbt_project.yml from the project directory, with env_var() and its default', async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: { FLOE_TEST_THREADS: '8' } });
    expect(project.target.profileName).toBe('jaffle_profile');
    expect(project.target.targetName).toBe('dev');
    expect(project.target.threads).toBe(8);
    // No path: ./warehouse/<project>.duckdb under the project root.
    expect(project.target.config.path).toBe(join(process.cwd(), FIXTURE, 'warehouse', 'jaffle.duckdb'));
    const defaults = await loadProject({ projectDir: FIXTURE, env: {} });
    expect(defaults.target.threads).toBe(4);
  });

  it('switches target with the target option and renders env_var() in it', async () => {
    const project = await loadProject({ projectDir: FIXTURE, target: 'prod', env: { FLOE_TEST_PG_PASSWORD: 'secret' } });
    expect(project.target.config).toMatchObject({ type: 'postgres', host: 'localhost', port: 5432, password: 'secret', dbname: 'warehouse', schema: 'analytics' });
    expect(project.nodes.get('model.jaffle.orders')?.relation).toEqual({ database: 'warehouse', schema: 'analytics', identifier: 'orders' });
  });

  it('fails when env_var() has no value and no default, naming the file and variable', async () => {
    const failure = await loadErrors(loadProject({ projectDir: FIXTURE, target: 'prod', env: {} }));
    expect(failure.errors).toHaveLength(1);
    expect(failure.errors[0].code).toBe('FLOE_ENV_VAR_MISSING');
    expect(failure.errors[0].message).toContain('FLOE_TEST_PG_PASSWORD');
    expect(failure.errors[0].position?.file).toBe(join(process.cwd(), FIXTURE, 'profiles.yml'));
  });

  it('looks in --profiles-dir first, then DBT_PROFILES_DIR, then the project, then ~/.dbt', async () => {
    const project = temporaryProject({ 'models/m.sql': 'select 1' });
    const flagDir = profilesDir(OTHER.replace('other.duckdb', 'flag.duckdb'));
    const envDir = profilesDir(OTHER.replace('other.duckdb', 'env.duckdb'));
    const home = mkdtempSync(join(tmpdir(), 'floe-home-'));
    mkdirSync(join(home, '.dbt'));
    writeFileSync(join(home, '.dbt', 'profiles.yml'), OTHER.replace('other.duckdb', 'home.duckdb'));

    const byFlag = await loadProject({ projectDir: project, profilesDir: flagDir, env: { DBT_PROFILES_DIR: envDir, HOME: home } });
    expect(byFlag.target.config.path).toBe(join(project, 'flag.duckdb'));
    const byEnv = await loadProject({ projectDir: project, env: { DBT_PROFILES_DIR: envDir, HOME: home } });
    expect(byEnv.target.config.path).toBe(join(project, 'env.duckdb'));
    const byProject = await loadProject({ projectDir: project, env: { HOME: home } });
    expect(byProject.target.config.path).toBe(':memory:');
    const withoutProjectProfiles = temporaryProject({ 'profiles.yml': null, 'models/m.sql': 'select 1' });
    const byHome = await loadProject({ projectDir: withoutProjectProfiles, env: { HOME: home } });
    expect(byHome.target.config.path).toBe(join(withoutProjectProfiles, 'home.duckdb'));
  });

  it('reports a missing profiles.yml with every place it looked', async () => {
    const project = temporaryProject({ 'profiles.yml': null, 'models/m.sql': 'select 1' });
    const home = mkdtempSync(join(tmpdir(), 'floe-home-'));
    const failure = await loadErrors(loadProject({ projectDir: project, env: { HOME: home } }));
    expect(failure.errors[0].code).toBe('FLOE_PROFILE_NOT_FOUND');
    expect(failure.errors[0].message).toContain(join(project, 'profiles.yml'));
    expect(failure.errors[0].message).toContain(join(home, '.dbt', 'profiles.yml'));
  });

  it('names the file and lists available profiles when the profile is missing', async () => {
    const project = temporaryProject({ 'dbt_project.yml': 'name: shop\nprofile: shp\n', 'models/m.sql': 'select 1' });
    const failure = await loadErrors(loadProject({ projectDir: project, env: {} }));
    expect(failure.errors[0].code).toBe('FLOE_PROFILE_NOT_FOUND');
    expect(failure.errors[0].message).toContain(`profile 'shp' not found in ${join(project, 'profiles.yml')}`);
    expect(failure.errors[0].hint).toContain("did you mean 'shop'?");
    expect(failure.errors[0].hint).toContain('available profiles: shop');
  });

  it('lists available targets when the target is missing', async () => {
    const failure = await loadErrors(loadProject({ projectDir: FIXTURE, target: 'prd', env: {} }));
    expect(failure.errors[0].code).toBe('FLOE_TARGET_NOT_FOUND');
    expect(failure.errors[0].message).toContain("target 'prd' not found in profile 'jaffle_profile'");
    expect(failure.errors[0].hint).toContain("did you mean 'prod'?");
    expect(failure.errors[0].hint).toContain('available targets: dev, prod');
  });

  it('skips profiles.yml entirely with a profile override', async () => {
    const project = temporaryProject({ 'profiles.yml': null, 'models/m.sql': 'select 1' });
    const loaded = await loadProject({
      projectDir: project,
      env: {},
      profileOverride: { profileName: 'platform', targetName: 'dev', threads: 2, config: { type: 'postgres', host: 'db', user: 'u', dbname: 'lake', schema: 'x' } },
    });
    expect(loaded.target.threads).toBe(2);
    expect(loaded.nodes.get('model.shop.m')?.relation).toEqual({ database: 'lake', schema: 'x', identifier: 'm' });
  });
});
