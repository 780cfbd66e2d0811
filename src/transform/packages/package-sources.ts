/**
 * Getting one package onto disk: a local folder is used where it is, a git
 * repository is cloned (any URL git understands, `file://` included) and
 * checked out at its revision, a tarball is downloaded and unpacked. Each
 * download lands in a work folder next to the install path, so installing
 * it is a rename.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FloeError } from '../../errors/index.js';
import { unpackTarball } from './unpack-tarball.js';

const run = promisify(execFile);

export class WorkFolder {
  private counter = 0;
  constructor(readonly path: string) {}

  next(kind: string): string {
    mkdirSync(this.path, { recursive: true });
    const dir = join(this.path, `${kind}-${++this.counter}`);
    rmSync(dir, { recursive: true, force: true });
    return dir;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

async function git(args: string[], cwd: string | undefined, what: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const missing = (error as { code?: string }).code === 'ENOENT';
    throw new FloeError('FLOE_DEPS_GIT_FAILED', missing ? 'git is not installed, and git packages need it' : `git could not ${what}`, {
      ...(stderr ? { detail: stderr } : {}),
      hint: missing ? 'install git (apt-get install git)' : 'check the URL and the revision (a tag, branch or commit that exists in that repository)',
      cause: error,
    });
  }
}

export interface GitCheckout {
  /** Folder holding the package (the subdirectory when one was asked for). */
  dir: string;
  /** The commit checked out (what package-lock.yml records). */
  commit: string;
}

export async function fetchGitPackage(url: string, revision: string | undefined, subdirectory: string | undefined, work: WorkFolder): Promise<GitCheckout> {
  const clone = work.next('git');
  await git(['clone', '--quiet', '--no-checkout', url, clone], undefined, `clone ${url}`);
  const wanted = revision ?? 'HEAD';
  // A branch name exists only as origin/<branch> after clone; tags and commits resolve directly.
  let commit: string;
  try {
    commit = await git(['rev-parse', '--verify', '--quiet', `${wanted}^{commit}`], clone, `find revision ${wanted} in ${url}`);
  } catch {
    commit = await git(['rev-parse', '--verify', `origin/${wanted}^{commit}`], clone, `find revision ${wanted} in ${url}`);
  }
  await git(['checkout', '--quiet', '--detach', commit], clone, `check out ${wanted} of ${url}`);
  rmSync(join(clone, '.git'), { recursive: true, force: true });
  if (!subdirectory) return { dir: clone, commit };
  const inside = resolve(clone, subdirectory);
  if (!inside.startsWith(clone) || !existsSync(inside) || !statSync(inside).isDirectory()) {
    throw new FloeError('FLOE_DEPS_GIT_FAILED', `${url} at ${wanted} has no folder '${subdirectory}'`, { hint: 'check subdirectory: (it is relative to the repository root)' });
  }
  const dir = work.next('package');
  renameSync(inside, dir);
  rmSync(clone, { recursive: true, force: true });
  return { dir, commit };
}

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(300_000) });
  } catch (error) {
    throw new FloeError('FLOE_DEPS_DOWNLOAD_FAILED', `could not download ${url}: ${error instanceof Error ? error.message : String(error)}`, { hint: 'check the network and the URL', cause: error });
  }
  if (!response.ok) throw new FloeError('FLOE_DEPS_DOWNLOAD_FAILED', `downloading ${url} answered ${response.status}`, { hint: 'check the URL' });
  return Buffer.from(await response.arrayBuffer());
}

/** Download and unpack a .tar.gz; the package is its single top folder (as GitHub's and the hub's tarballs are) or the archive root. */
export async function fetchTarballPackage(url: string, expectedSha1: string | undefined, work: WorkFolder): Promise<string> {
  const data = await download(url);
  if (expectedSha1) {
    const actual = createHash('sha1').update(data).digest('hex');
    if (actual !== expectedSha1) {
      throw new FloeError('FLOE_DEPS_DOWNLOAD_FAILED', `the tarball ${url} does not match the checksum the hub publishes`, {
        detail: `expected sha1 ${expectedSha1}, got ${actual}`,
        hint: 'try again; if it persists, the mirror serves a different file than the hub lists',
      });
    }
  }
  const dir = work.next('tarball');
  mkdirSync(dir, { recursive: true });
  await unpackTarball(data, dir, url);
  const entries = readdirSync(dir).filter((entry) => !entry.startsWith('.') && entry !== 'pax_global_header');
  if (!existsSync(join(dir, 'dbt_project.yml')) && entries.length === 1 && statSync(join(dir, entries[0])).isDirectory()) {
    const inner = work.next('package');
    renameSync(join(dir, entries[0]), inner);
    rmSync(dir, { recursive: true, force: true });
    return inner;
  }
  return dir;
}

/** A local package's folder: relative to the project that declares it. */
export function localPackageDir(path: string, declaredIn: string): string {
  const dir = isAbsolute(path) ? path : resolve(declaredIn, path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new FloeError('FLOE_DEPS_LOCAL_MISSING', `local package '${path}' is not a folder`, { detail: `resolved to ${dir}`, hint: 'local: paths are relative to the project that declares them' });
  }
  return dir;
}
