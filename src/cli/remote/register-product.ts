/**
 * Registering a product with an orchestrator, the way `floe product
 * register` and a remote `floe run` do: compile if stale, package the
 * bundle, upload it. The orchestrator keeps bundles by digest, so an
 * unchanged product is a no-op — and it is said so.
 */
import { resolve } from 'node:path';
import type { EnvironmentName } from '../../config/index.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../output/display-path.js';
import { printFloeError } from '../output/print-error.js';
import type { OrchestratorClient } from './orchestrator-client.js';

export interface RegisteredProduct {
  product: string;
  version: string;
  environment: string;
  digest: string;
  created: boolean;
}

/** Undefined when compile failed (its errors are printed). */
export async function registerProductRemotely(context: CliContext, client: OrchestratorClient, projectDir: string, environment: EnvironmentName): Promise<RegisteredProduct | undefined> {
  const c = context.terminal.colors;
  const productDir = resolve(projectDir);
  const [{ compileIfStale }, { formatFinding }, { packageBundle }] = await Promise.all([import('../../compile/index.js'), import('../../governance/index.js'), import('../../orchestrator/index.js')]);
  const compiled = await compileIfStale({ productDir, env: environment });
  for (const warning of compiled.warnings) printFloeError(context.terminal, warning, context.debug);
  if (!compiled.artifacts || compiled.errors.length > 0) {
    for (const error of compiled.errors) printFloeError(context.terminal, error, context.debug);
    for (const finding of compiled.findings) context.terminal.errorLine(formatFinding(finding));
    context.terminal.errorLine(c.red('✗ compile failed: nothing was registered'));
    return undefined;
  }
  const where = compiled.path ? displayPath(compiled.path) : '.floe/artifacts.json';
  context.terminal.line(c.dim(compiled.compiled ? `compiled for ${environment} (${compiled.reason}) → ${where}` : `up to date: ${where}`));
  const bundle = await packageBundle(productDir, compiled.artifacts);
  const { version, created } = await client.registerBundle(bundle.bytes, bundle.digest);
  const what = `${version.product} ${version.version} (${version.environment})`;
  if (created) context.terminal.line(`${c.green('✓')} registered ${what} on ${client.baseUrl}: ${c.bold(version.digest)}`);
  else context.terminal.line(`${c.dim('=')} ${what} is already registered on ${client.baseUrl} (same digest ${version.digest}): nothing changed`);
  return { product: version.product, version: version.version, environment: version.environment, digest: version.digest, created };
}
