/** What `floe product package` does: compile if stale, package, write the bundle atomically, print its digest. */
import { join, resolve } from 'node:path';
import type { EnvironmentName } from '../../config/index.js';
import { compileIfStale } from '../../compile/index.js';
import { writeFileAtomic } from '../../files/index.js';
import { formatFinding } from '../../governance/index.js';
import { packageBundle } from '../../orchestrator/index.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../output/display-path.js';
import { printFloeError } from '../output/print-error.js';

export interface PackageOptions {
  projectDir?: string;
  env?: EnvironmentName;
  output?: string;
  json?: boolean;
}

export async function packageCommand(context: CliContext, options: PackageOptions): Promise<number> {
  const c = context.terminal.colors;
  const productDir = resolve(options.projectDir ?? process.cwd());
  const compiled = await compileIfStale({ productDir, env: options.env ?? 'dev' });
  for (const warning of compiled.warnings) printFloeError(context.terminal, warning, context.debug);
  if (!compiled.artifacts || compiled.errors.length > 0) {
    for (const error of compiled.errors) printFloeError(context.terminal, error, context.debug);
    for (const finding of compiled.findings) context.terminal.errorLine(formatFinding(finding));
    context.terminal.errorLine(c.red('✗ compile failed: no bundle was written'));
    return 1;
  }
  const bundle = await packageBundle(productDir, compiled.artifacts);
  const path = options.output ? resolve(options.output) : join(productDir, '.floe', 'bundles', `${bundle.digest.replace(':', '-')}.tar.gz`);
  writeFileAtomic(path, bundle.bytes);
  if (options.json) {
    context.terminal.line(JSON.stringify({ digest: bundle.digest, path, sizeBytes: bundle.bytes.length, unpackedBytes: bundle.unpackedBytes, files: bundle.files }, null, 2));
    return 0;
  }
  const { metadata } = compiled.artifacts;
  context.terminal.line(`${c.green('✓')} packaged ${metadata.product} ${metadata.product_version} (${metadata.environment}): ${bundle.files.length} files, ${bundle.bytes.length} bytes`);
  context.terminal.line(`  digest ${c.bold(bundle.digest)}`);
  context.terminal.line(`  → ${displayPath(path)}`);
  return 0;
}
