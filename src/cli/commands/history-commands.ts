/**
 * `floe status` and `floe logs`: their flags only. What they do lives in
 * history-command-actions.ts and is imported when one of them runs, so the
 * state store's drivers are not loaded for other commands.
 */
import { Command, Option } from 'commander';
import { FloeError } from '../../errors/index.js';
import type { CliContext } from '../cli-context.js';
import { CLI_ENVIRONMENTS } from '../config-constants.js';
import type { LogsOptions, StatusOptions } from './history-command-actions.js';
import { LOG_LEVELS } from './log-levels.js';

/** --url / --token / --env: read the runs of an orchestrator instead of the local store. */
function addRemoteOptions(command: Command): Command {
  return command
    .option('--url <url>', "read the runs of this orchestrator (default: $FLOE_URL, or with --env the environment's orchestrator.url in the manifest)")
    .option('--token <token>', 'API token for the orchestrator (default: $FLOE_TOKEN, or orchestrator.token_secret_ref)')
    .addOption(new Option('--env <name>', "the environment whose orchestrator (manifest: environments.<env>.orchestrator) to read").choices([...CLI_ENVIRONMENTS]));
}

/** Commander calls the flag `env`; the actions take the process environment as `env`, so the flag becomes `environment`. */
function withEnvironment<T extends { env?: unknown }>(options: T): Omit<T, 'env'> & { environment?: (typeof CLI_ENVIRONMENTS)[number] } {
  const { env, ...rest } = options;
  return { ...rest, ...(typeof env === 'string' ? { environment: env as (typeof CLI_ENVIRONMENTS)[number] } : {}) };
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new FloeError('FLOE_CLI_LIMIT', `--limit must be a whole number from 1 to 1000, got '${text}'`);
  return n;
}

/** Registers `floe status` and `floe logs`. */
export function registerHistoryCommands(program: Command, context: CliContext): void {
  const status = program
    .command('status')
    .description('recent runs (status, duration, node counts), or one run\'s steps with --run-id')
    .option('--project-dir <dir>', 'the project whose runs to show (its .floe/state.db, or FLOE_STATE_DATABASE_URL)', process.cwd())
    .option('--run-id <id>', "one run's per-step status, timings, rows and errors (a prefix of 8+ characters is enough)")
    .addOption(new Option('--limit <n>', 'how many recent runs').argParser(parseLimit).default(20))
    .option('--product <name>', 'only runs of this product')
    .option('--json', 'machine-readable output');
  addRemoteOptions(status).action(async (options: Omit<StatusOptions, 'env'> & { env?: string }) => {
    const { statusCommand } = await import('./history-command-actions.js');
    context.exitCode = await statusCommand(context, withEnvironment(options));
  });

  const logs = program
    .command('logs')
    .description("a run's events: steps started and finished, warnings, errors")
    .requiredOption('--run-id <id>', 'the run (a prefix of 8+ characters is enough)')
    .option('--project-dir <dir>', 'the project whose runs to show (its .floe/state.db, or FLOE_STATE_DATABASE_URL)', process.cwd())
    .option('--step <node>', "only this node's events (name or unique id)")
    .option('-f, --follow', 'keep printing new events until the run finishes')
    .addOption(new Option('--level <level>', 'lowest level shown (debug includes every SQL statement)').choices(LOG_LEVELS).default('info'))
    .option('--json', 'one JSON object per event');
  addRemoteOptions(logs).action(async (options: Omit<LogsOptions, 'env'> & { env?: string }) => {
    const { logsCommand } = await import('./history-command-actions.js');
    context.exitCode = await logsCommand(context, withEnvironment(options));
  });
}
