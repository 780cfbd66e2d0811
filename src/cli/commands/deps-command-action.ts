/** What `floe deps` does: install the project's packages and say what was installed. */
import { relative } from 'node:path';
import { installPackages } from '../../transform/index.js';
import type { CliContext } from '../cli-context.js';
import { printFloeError } from '../output/print-error.js';
import { sqlProjectDirsOf } from '../sql-project-dirs.js';

export interface DepsOptions {
  projectDir: string;
  upgrade?: boolean;
}

export async function depsCommand(context: CliContext, options: DepsOptions): Promise<number> {
  for (const projectDir of sqlProjectDirsOf(options.projectDir)) await installInto(context, projectDir, options);
  return 0;
}

async function installInto(context: CliContext, projectDir: string, options: DepsOptions): Promise<void> {
  const c = context.terminal.colors;
  const outcome = await installPackages({ projectDir, upgrade: options.upgrade });
  for (const warning of outcome.warnings) printFloeError(context.terminal, warning, context.debug);
  for (const pkg of outcome.packages) {
    const version = pkg.version ? (pkg.kind === 'git' ? ` (revision ${pkg.version.slice(0, 12)})` : '') : '';
    context.terminal.line(`Installed ${c.bold(pkg.name)} from ${pkg.label}${version}`);
  }
  if (outcome.packages.length > 0) {
    const where = relative(projectDir, outcome.installPath) || outcome.installPath;
    const lock = outcome.fromLock ? 'as locked in package-lock.yml' : 'package-lock.yml written';
    context.terminal.line(c.green(`✓ ${outcome.packages.length} package${outcome.packages.length === 1 ? '' : 's'} in ${where}/ (${lock})`));
  }
}
