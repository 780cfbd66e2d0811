/**
 * `floe deps` against a local HTTP test double of the dbt hub, a local bare
 * git repository (file://) and local folders: resolution, installation,
 * package-lock.yml, and what happens when things go wrong.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloeError } from '../../../src/errors/index.js';
import { installPackages, loadProject } from '../../../src/transform/index.js';
import { declarationsHash, findPackageFolders } from '../../../src/transform/packages/index.js';
import { parsePackageFile } from '../../../src/transform/packages/package-specs.js';
import { HubTestDouble, tarball } from './hub-test-double.js';

const hub = new HubTestDouble();
let env: Record<string, string | undefined>;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'floe-deps-'));
  for (const [path, content] of Object.entries({ 'dbt_project.yml': 'name: shop\n', ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function failure(promise: Promise<unknown>): Promise<FloeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FloeError) return error;
    const list = (error as { errors?: FloeError[] }).errors;
    if (list?.[0]) return list[0];
    throw error;
  }
  throw new Error('expected a failure');
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
}

/** A bare repository with a package in `pkg/` tagged 0.1.0 and 0.2.0; returns its file:// URL and the commits. */
function bareRepository(): { url: string; commits: Record<string, string> } {
  const base = mkdtempSync(join(tmpdir(), 'floe-deps-git-'));
  const work = join(base, 'work');
  mkdirSync(join(work, 'pkg', 'macros'), { recursive: true });
  git(base, 'init', '-q', '-b', 'main', work);
  const commits: Record<string, string> = {};
  for (const version of ['0.1.0', '0.2.0']) {
    writeFileSync(join(work, 'pkg', 'dbt_project.yml'), `name: git_helpers\nversion: '${version}'\n`);
    writeFileSync(join(work, 'pkg', 'macros', 'answer.sql'), `{% macro answer() %}${version}{% endmacro %}\n`);
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', version);
    git(work, 'tag', version);
    commits[version] = git(work, 'rev-parse', 'HEAD');
  }
  git(base, 'clone', '-q', '--bare', work, join(base, 'helpers.git'));
  return { url: `file://${join(base, 'helpers.git')}`, commits };
}

beforeAll(async () => {
  await hub.publish('acme/pkg_a', '0.9.0');
  await hub.publish('acme/pkg_a', '1.0.0', { packages: [{ package: 'acme/pkg_b', version: '>=0.3.0' }] });
  await hub.publish('acme/pkg_a', '1.2.0', { packages: [{ package: 'acme/pkg_b', version: ['>=0.3.0', '<1.0.0'] }], files: { 'macros/a.sql': '{% macro a() %}a{% endmacro %}' } });
  await hub.publish('acme/pkg_a', '2.0.0');
  await hub.publish('acme/pkg_b', '0.2.0');
  await hub.publish('acme/pkg_b', '0.3.1');
  await hub.publish('acme/pkg_b', '0.4.0-b1');
  await hub.publish('acme/pkg_old_a_user', '1.0.0', { packages: [{ package: 'acme/pkg_a', version: '<1.0.0' }] });
  await hub.publish('acme/needs_dbt_2', '1.0.0', { requireDbtVersion: ['>=2.0.0'] });
  await hub.start();
  env = { ...process.env, DBT_PACKAGE_HUB_URL: hub.url };
});
afterAll(() => hub.stop());

describe('floe deps with hub packages', () => {
  it('installs the highest version every requirer accepts, dependencies included, and locks them', async () => {
    const root = project({ 'packages.yml': 'packages:\n  - package: acme/pkg_a\n    version: [">=1.0.0", "<2.0.0"]\n' });
    const outcome = await installPackages({ projectDir: root, env });
    expect(outcome.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(['pkg_a@1.2.0', 'pkg_b@0.3.1']);
    expect(readFileSync(join(root, 'dbt_packages', 'pkg_a', 'macros', 'a.sql'), 'utf8')).toContain('macro a()');
    expect(readFileSync(join(root, 'dbt_packages', 'pkg_b', 'dbt_project.yml'), 'utf8')).toContain("version: '0.3.1'");
    const lock = readFileSync(join(root, 'package-lock.yml'), 'utf8');
    expect(lock).toContain('package: acme/pkg_a\n    version: 1.2.0');
    expect(lock).toContain('package: acme/pkg_b\n    version: 0.3.1');
    expect(lock).toMatch(/sha1_hash: [0-9a-f]{40}/);

    // Every other command reads what deps installed, without the network.
    writeFileSync(join(root, 'profiles.yml'), "shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ':memory:'\n");
    writeFileSync(join(root, 'dbt_project.yml'), 'name: shop\nprofile: shop\n');
    mkdirSync(join(root, 'models'));
    writeFileSync(join(root, 'models', 'm.sql'), "select '{{ pkg_a.a() }}' as x");
    const loaded = await loadProject({ projectDir: root, env: {} });
    expect([...loaded.packages.keys()]).toEqual(['shop', 'pkg_a', 'pkg_b']);
    expect(loaded.macros.has('macro.pkg_a.a')).toBe(true);
    rmSync(join(root, 'dbt_packages', 'pkg_b'), { recursive: true });
    const missing = await failure(loadProject({ projectDir: root, env: {} }));
    expect(missing.code).toBe('FLOE_DEPS_NOT_INSTALLED');
    expect(missing.message).toContain("'pkg_b'");
    expect(missing.hint).toBe('run floe deps to install them');
  });

  it('installs exactly what package-lock.yml names until --upgrade', async () => {
    const root = project({ 'packages.yml': 'packages:\n  - package: acme/pkg_b\n    version: ">=0.2.0"\n' });
    await installPackages({ projectDir: root, env });
    await hub.publish('acme/pkg_b', '0.5.0');
    const again = await installPackages({ projectDir: root, env });
    expect(again.fromLock).toBe(true);
    expect(again.packages.map((p) => p.version)).toEqual(['0.3.1']);
    const upgraded = await installPackages({ projectDir: root, env, upgrade: true });
    expect(upgraded.packages.map((p) => p.version)).toEqual(['0.5.0']);
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain('version: 0.5.0');
  });

  it('names both requirers when their ranges cannot both hold', async () => {
    const root = project({ 'packages.yml': 'packages:\n  - package: acme/pkg_a\n    version: ">=1.0.0"\n  - package: acme/pkg_old_a_user\n    version: 1.0.0\n' });
    const error = await failure(installPackages({ projectDir: root, env }));
    expect(error.code).toBe('FLOE_DEPS_CONFLICT');
    expect(error.detail).toContain('the root project requires acme/pkg_a >=1.0.0');
    expect(error.detail).toContain('acme/pkg_old_a_user@1.0.0 requires acme/pkg_a <1.0.0');
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
    expect(existsSync(join(root, 'package-lock.yml'))).toBe(false);
  });

  it('says which package is unknown, and leaves the installed packages as they were', async () => {
    const root = project({ 'packages.yml': 'packages:\n  - package: acme/pkg_b\n    version: 0.3.1\n' });
    await installPackages({ projectDir: root, env });
    writeFileSync(join(root, 'packages.yml'), 'packages:\n  - package: acme/pkg_b\n    version: 0.3.1\n  - package: acme/no_such_package\n    version: 1.0.0\n');
    const error = await failure(installPackages({ projectDir: root, env }));
    expect(error.code).toBe('FLOE_DEPS_NOT_FOUND');
    expect(error.message).toContain('acme/no_such_package');
    expect(error.position).toMatchObject({ file: 'packages.yml', line: 4 });
    expect(readdirSync(join(root, 'dbt_packages'))).toEqual(['pkg_b']);
    expect(readdirSync(root).filter((entry) => entry.includes('floe-work'))).toEqual([]);
  });

  it('warns when a package wants a dbt version floe is not compatible with', async () => {
    const root = project({ 'packages.yml': 'packages:\n  - package: acme/needs_dbt_2\n    version: 1.0.0\n' });
    const outcome = await installPackages({ projectDir: root, env });
    expect(outcome.warnings.map((w) => w.code)).toContain('FLOE_DEPS_DBT_VERSION');
  });

  it('reports a version range it cannot read at its line', async () => {
    const root = project({ 'packages.yml': 'packages:\n  - package: acme/pkg_b\n    version: "about one"\n' });
    const error = await failure(installPackages({ projectDir: root, env }));
    expect(error.code).toBe('FLOE_PACKAGES_INVALID');
    expect(error.position).toMatchObject({ file: 'packages.yml', line: 2 });
  });
});

describe('floe deps with git, tarball and local packages', () => {
  it('clones a git package at its revision and subdirectory, and locks the commit', async () => {
    const repo = bareRepository();
    const root = project({ 'packages.yml': `packages:\n  - git: "${repo.url}"\n    revision: 0.1.0\n    subdirectory: pkg\n` });
    const outcome = await installPackages({ projectDir: root, env });
    expect(outcome.packages).toEqual([expect.objectContaining({ name: 'git_helpers', kind: 'git', version: repo.commits['0.1.0'] })]);
    expect(readFileSync(join(root, 'dbt_packages', 'git_helpers', 'macros', 'answer.sql'), 'utf8')).toContain('0.1.0');
    expect(existsSync(join(root, 'dbt_packages', 'git_helpers', '.git'))).toBe(false);
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain(`revision: ${repo.commits['0.1.0']}`);
  });

  it('warns about an unpinned git package and installs its default branch', async () => {
    const repo = bareRepository();
    const root = project({ 'packages.yml': `packages:\n  - git: "${repo.url}"\n    subdirectory: pkg\n` });
    const outcome = await installPackages({ projectDir: root, env });
    expect(outcome.warnings.map((w) => w.code)).toEqual(['FLOE_DEPS_UNPINNED']);
    expect(outcome.packages[0].version).toBe(repo.commits['0.2.0']);
  });

  it('fails clearly for a revision the repository does not have', async () => {
    const repo = bareRepository();
    const root = project({ 'packages.yml': `packages:\n  - git: "${repo.url}"\n    revision: 9.9.9\n    subdirectory: pkg\n` });
    const error = await failure(installPackages({ projectDir: root, env }));
    expect(error.code).toBe('FLOE_DEPS_GIT_FAILED');
    expect(error.message).toContain('9.9.9');
  });

  it('refuses a tarball with a path out of its folder or a link, writing nothing outside', async () => {
    const escape = hub.serve('/crafted/escape.tar.gz', await tarball([{ name: 'evil/dbt_project.yml', content: 'name: evil\n' }, { name: '../../outside.txt', content: 'x' }]));
    const root = project({ 'packages.yml': `packages:\n  - tarball: ${escape}\n    name: evil\n` });
    const error = await failure(installPackages({ projectDir: root, env }));
    expect(error.code).toBe('FLOE_DEPS_DOWNLOAD_FAILED');
    expect(error.message).toContain('unsafe path');
    expect(existsSync(join(root, '..', 'outside.txt'))).toBe(false);
    const linked = hub.serve('/crafted/link.tar.gz', await tarball([{ name: 'evil/dbt_project.yml', content: 'name: evil\n' }, { name: 'evil/passwd', type: 'symlink', linkname: '/etc/passwd' }]));
    writeFileSync(join(root, 'packages.yml'), `packages:\n  - tarball: ${linked}\n    name: evil\n`);
    expect((await failure(installPackages({ projectDir: root, env }))).message).toContain('symlink');
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
  });

  it('downloads a tarball package and checks its name', async () => {
    const url = `${hub.url}tarballs/pkg_b-0.3.1.tar.gz`;
    const good = project({ 'packages.yml': `packages:\n  - tarball: ${url}\n    name: pkg_b\n` });
    const outcome = await installPackages({ projectDir: good, env });
    expect(outcome.packages.map((p) => p.name)).toEqual(['pkg_b']);
    const wrong = project({ 'packages.yml': `packages:\n  - tarball: ${url}\n    name: something_else\n` });
    const error = await failure(installPackages({ projectDir: wrong, env }));
    expect(error.message).toContain("holds project 'pkg_b'");
  });

  it('links a local package, follows its own packages.yml, and hashes the declarations as dbt does', async () => {
    const root = project({
      'packages.yml': 'packages:\n  - local: ../helpers\n',
      '../helpers/dbt_project.yml': 'name: helpers\n',
      '../helpers/packages.yml': 'packages:\n  - package: acme/pkg_b\n    version: 0.3.1\n',
    });
    const outcome = await installPackages({ projectDir: root, env });
    expect(outcome.packages.map((p) => p.name).sort()).toEqual(['helpers', 'pkg_b']);
    expect(lstatSync(join(root, 'dbt_packages', 'helpers')).isSymbolicLink()).toBe(true);
    // As a product bundle unpacks it: the linked folder copied in, the original gone.
    rmSync(join(root, 'dbt_packages', 'helpers'));
    cpSync(join(root, '..', 'helpers'), join(root, 'dbt_packages', 'helpers'), { recursive: true });
    rmSync(join(root, '..', 'helpers'), { recursive: true });
    const errors: FloeError[] = [];
    expect(findPackageFolders(root, env, errors, []).map((f) => f.dir.split('/').at(-1)).sort()).toEqual(['helpers', 'pkg_b']);
    expect(errors).toEqual([]);
    // dbt-utils' integration_tests/package-lock.yml, written by dbt for `- local: ../`.
    const specs = parsePackageFile('packages:\n  - local: ../\n', 'packages.yml', {}, []) ?? [];
    expect(declarationsHash(specs)).toBe('de2deba3d66ce03d8c02949013650cc9b94f6030');
  });

  it('renders env_var() in package entries', async () => {
    const root = project({ 'packages.yml': "packages:\n  - package: \"{{ env_var('PKG_NAMESPACE') }}/pkg_b\"\n    version: 0.3.1\n" });
    const outcome = await installPackages({ projectDir: root, env: { ...env, PKG_NAMESPACE: 'acme' } });
    expect(outcome.packages.map((p) => p.label)).toEqual(['acme/pkg_b@0.3.1']);
  });
});
