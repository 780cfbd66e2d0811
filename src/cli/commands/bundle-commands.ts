/** `floe product package`: its flags only; the work is in bundle-command-actions.ts. */
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CLI_ENVIRONMENTS } from '../config-constants.js';
import type { PackageOptions } from './bundle-command-actions.js';
import { commandGroup } from './command-groups.js';

export function registerBundleCommands(program: Command, context: CliContext): void {
  commandGroup(program, 'product', 'data products: package, register, push and scaffold in a mesh')
    .command('package')
    .description('compile if stale, then write the product bundle: the artifacts and the project files a run needs, content-addressed (sha256)')
    .option('--project-dir <dir>', 'the folder holding floe.yaml (default: the current folder)')
    .addOption(new Option('--env <name>', 'the environment to compile for').choices([...CLI_ENVIRONMENTS]).default('dev'))
    .option('--output <file>', 'where to write the bundle (default: .floe/bundles/<sha256>.tar.gz)')
    .option('--json', 'print the digest, path and files as JSON')
    .action(async (options: PackageOptions) => {
      const { packageCommand } = await import('./bundle-command-actions.js');
      context.exitCode = await packageCommand(context, options);
    });
}
