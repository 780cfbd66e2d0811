/**
 * `floe deps`: its flags only. The work is in deps-command-action.ts,
 * imported when the command runs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { DepsOptions } from './deps-command-action.js';

export function registerDepsCommand(program: Command, context: CliContext): void {
  program
    .command('deps')
    .description('install the dbt packages of packages.yml / dependencies.yml into dbt_packages/ and write package-lock.yml (the only command that downloads packages)')
    .option('--project-dir <dir>', 'the dbt-format project (folder with dbt_project.yml), or a data product whose floe.yaml names one', process.cwd())
    .option('--upgrade', 'resolve the declared versions again, ignoring package-lock.yml')
    .action(async (options: DepsOptions) => {
      const { depsCommand } = await import('./deps-command-action.js');
      context.exitCode = await depsCommand(context, options);
    });
}
