/**
 * `floe run`: its flags only. The work is in run-command-action.ts, imported
 * when the command runs.
 */
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CLI_ENVIRONMENTS } from '../config-constants.js';
import { addProjectOptions } from '../project-options.js';
import type { RunCommandOptions } from './run-command-action.js';

export function registerRunCommand(program: Command, context: CliContext): void {
  addProjectOptions(
    program
      .command('run')
      .description('run a data product (compile if stale, then every transform in order) or a plain dbt-format project; recorded for `floe status`'),
    { run: true },
  )
    .addOption(new Option('--env <name>', 'the environment to run in (a data product compiles for it)').choices([...CLI_ENVIRONMENTS]).default('dev'))
    .option('--retry-failed <run-id>', 're-run only the failed and skipped nodes of that run, as a new run linked to it')
    .option('--url <url>', "run on this orchestrator instead of here (default: $FLOE_URL, or the environment's orchestrator.url in the manifest)")
    .option('--token <token>', 'API token for the orchestrator (default: $FLOE_TOKEN, or orchestrator.token_secret_ref)')
    .action(async (options: RunCommandOptions) => {
      const { runCommand } = await import('./run-command-action.js');
      context.exitCode = await runCommand(context, options);
    });
}
