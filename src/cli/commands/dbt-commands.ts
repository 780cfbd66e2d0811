/**
 * dbt's inspection commands on a dbt-format project: `floe show`, `floe docs
 * generate`, `floe source freshness`, `floe debug` (and `floe compile --select`,
 * registered with the product's compile). Flags only; the work is in
 * dbt-command-actions.ts, imported when one of them runs.
 */
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { addProjectOptions } from '../project-options.js';
import type { DebugCommandOptions, NodeCommandOptions, RunOperationOptions, ShowCommandOptions } from './dbt-command-actions.js';

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--limit must be a whole number, got '${text}'`);
  return n;
}

export function registerDbtCommands(program: Command, context: CliContext): void {
  addProjectOptions(program.command('show').description('print the first rows of a node (or of --inline SQL) without building anything'), { run: false })
    .addOption(new Option('--limit <n>', 'rows to print').argParser(parseLimit).default(5))
    .option('--inline <sql>', 'a query to run instead of a node (Jinja allowed)')
    .option('--output <format>', 'table | json', 'table')
    .action(async (options: ShowCommandOptions) => {
      const { showCommand } = await import('./dbt-command-actions.js');
      context.exitCode = await showCommand(context, options);
    });

  const docs = program.command('docs').description('documentation artifacts');
  addProjectOptions(docs.command('generate').description('write target/manifest.json and target/catalog.json (columns and types of every built relation and source)'), { run: false, selection: false }).action(
    async (options: NodeCommandOptions) => {
      const { docsGenerateCommand } = await import('./dbt-command-actions.js');
      context.exitCode = await docsGenerateCommand(context, options);
    },
  );

  const source = program.command('source').description('commands on sources');
  addProjectOptions(source.command('freshness').description("check sources' freshness (loaded_at_field against warn_after / error_after); writes target/sources.json"), { run: false }).action(
    async (options: NodeCommandOptions) => {
      const { sourceFreshnessCommand } = await import('./dbt-command-actions.js');
      context.exitCode = await sourceFreshnessCommand(context, options);
    },
  );

  addProjectOptions(program.command('run-operation').description("call a macro with the run-time context (its run_query/statement calls run on the warehouse)").argument('<macro>', 'the macro name, or package.macro'), { run: false, selection: false })
    .option('--args <yaml>', "keyword arguments for the macro, as a YAML mapping, e.g. '{table: orders}'")
    .action(async (macro: string, options: RunOperationOptions) => {
      const { runOperationCommand } = await import('./dbt-command-actions.js');
      context.exitCode = await runOperationCommand(context, macro, options);
    });

  addProjectOptions(program.command('debug').description('check the project, profiles.yml and target, packages, git, and the connection'), { run: false, selection: false }).action(
    async (options: DebugCommandOptions) => {
      const { debugCommand } = await import('./dbt-command-actions.js');
      context.exitCode = await debugCommand(context, options);
    },
  );
}
