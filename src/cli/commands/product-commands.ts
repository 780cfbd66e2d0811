/**
 * `floe init`, `floe validate`, `floe compile`: their flags only. The work is
 * in product-command-actions.ts, imported when one of them runs.
 */
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CLI_ENVIRONMENTS } from '../config-constants.js';
import type { CompileCommandOptions, InitOptions, ValidateOptions } from './product-command-actions.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProjectOptions } from '../project-options.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** dbt's compile (nodes' SQL) with --select/--exclude, or in a plain dbt project; the product's compile otherwise. */
async function compilesNodes(options: { projectDir?: string; select?: string[]; exclude?: string[] }): Promise<boolean> {
  if ((options.select?.length ?? 0) > 0 || (options.exclude?.length ?? 0) > 0) return true;
  const dir = resolve(options.projectDir ?? '.');
  if (!existsSync(join(dir, 'dbt_project.yml'))) return false;
  const { productFileKind } = await import('../sql-project-dirs.js'); // reads YAML: only when compile runs
  return productFileKind(dir) !== 'floe';
}

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
    .option('-s, --select <selector>', "compile these nodes of the dbt-format project and print their SQL (as dbt compile --select does); also the default in a folder without floe.yaml", collect)
    .option('--exclude <selector>', 'with --select: nodes to leave out', collect)
    .option('--profiles-dir <dir>', 'with --select: folder holding profiles.yml')
    .option('-t, --target <name>', 'with --select: the profiles.yml target')
    .option('--vars <yaml>', 'with --select: variables for var(), as a YAML mapping')
    .action(async (options: CompileCommandOptions & ProjectOptions) => {
      if (await compilesNodes(options)) {
        const { compileSelectedCommand } = await import('./dbt-command-actions.js');
        context.exitCode = await compileSelectedCommand(context, { ...options, projectDir: options.projectDir ?? process.cwd() });
        return;
      }
      const { compileCommand } = await import('./product-command-actions.js');
      context.exitCode = await compileCommand(context, options);
    });
}
