/**
 * `floe init`, `floe validate`, `floe compile`: their flags only. The work is
 * in product-command-actions.ts, imported when one of them runs.
 */
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CLI_ENVIRONMENTS } from '../config-constants.js';
import type { CompileCommandOptions, InitOptions, ValidateOptions } from './product-command-actions.js';

const envOption = (): Option =>
  new Option('--env <name>', 'the environment whose settings apply').choices([...CLI_ENVIRONMENTS]).default('dev');
const projectDirOption = (): Option => new Option('--project-dir <dir>', 'the folder holding floe.yaml (default: the current folder)');

export function registerProductCommands(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('create a data product that validates and runs as it is: manifest.yaml, floe.yaml and a SQL project')
    .argument('<name>', 'product name, Kubernetes-style (lowercase letters, digits, -)')
    .option('--dir <dir>', 'where to create it (default: ./<name>); must be empty or not exist')
    .action(async (name: string, options: InitOptions) => {
      const { initCommand } = await import('./product-command-actions.js');
      context.exitCode = initCommand(context, name, options);
    });

  program
    .command('validate')
    .description('check floe.yaml, the manifest chain, the SQL project and governance; exit 1 on any error')
    .addOption(projectDirOption())
    .addOption(envOption())
    .option('--json', 'print a machine-readable report instead of text')
    .option('--report <file>', 'also write the findings: SARIF 2.1.0 for *.sarif, JSON for *.json')
    .action(async (options: ValidateOptions) => {
      const { validateCommand } = await import('./product-command-actions.js');
      context.exitCode = await validateCommand(context, options);
    });

  program
    .command('compile')
    .description('compile the product into .floe/artifacts.json (nothing is written when it fails)')
    .addOption(projectDirOption())
    .addOption(envOption())
    .option('--report <file>', 'also write the findings: SARIF 2.1.0 for *.sarif, JSON for *.json')
    .option('--force', 'compile even when the artifacts are up to date')
    .action(async (options: CompileCommandOptions) => {
      const { compileCommand } = await import('./product-command-actions.js');
      context.exitCode = await compileCommand(context, options);
    });
}
