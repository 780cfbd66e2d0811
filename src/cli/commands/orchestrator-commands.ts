/**
 * `floe orchestrator migrate | daemon | liveness-check` and `floe job run`:
 * their flags only; the work is in orchestrator-command-actions.ts, imported
 * when one of them runs.
 */
import { Command, Option } from 'commander';
import { FloeError } from '../../errors/index.js';
import type { CliContext } from '../cli-context.js';
import { commandGroup } from './command-groups.js';
import type { DaemonCommandOptions, JobRunOptions, LivenessOptions, MigrateOptions } from './orchestrator-command-actions.js';

const databaseUrlOption = (): Option =>
  new Option('--database-url <url>', 'the orchestrator database: postgres://… or an SQLite file').env('FLOE_DATABASE_URL');

function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new FloeError('FLOE_CLI_SECONDS', `expected a number of seconds > 0, got '${text}'`);
  return value;
}

function wholeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new FloeError('FLOE_CLI_NUMBER', `expected a whole number ≥ 1, got '${text}'`);
  return value;
}

export function registerOrchestratorCommands(program: Command, context: CliContext): void {
  const orchestrator = commandGroup(program, 'orchestrator', 'the orchestrator services: webserver (REST API + UI), daemon, migrations');

  orchestrator
    .command('migrate')
    .description("apply the orchestrator database's migrations (idempotent; safe when two run at once)")
    .addOption(databaseUrlOption())
    .action(async (options: MigrateOptions) => {
      const { migrateCommand } = await import('./orchestrator-command-actions.js');
      context.exitCode = await migrateCommand(context, options);
    });

  orchestrator
    .command('daemon')
    .description('run the daemon: schedules, sensors, the run queue, the launcher and the run monitor')
    .addOption(databaseUrlOption())
    .option('--manifest <file>', "the platform manifest whose `orchestrator` section holds the daemon's settings")
    .addOption(new Option('--mode <mode>', 'single: one daemon; ha: several, one leader at a time').choices(['single', 'ha']).env('FLOE_DAEMON_MODE'))
    .addOption(new Option('--launcher <kind>', 'how runs are started').choices(['in-process', 'subprocess', 'kubernetes']).env('FLOE_LAUNCHER'))
    .addOption(new Option('--election <kind>', 'in ha mode: a Kubernetes Lease, or the PostgreSQL database').choices(['kubernetes', 'database']).env('FLOE_ELECTION'))
    .addOption(new Option('--max-runs <n>', 'runs in progress at once, across products').argParser(wholeNumber).env('FLOE_MAX_RUNS'))
    .addOption(new Option('--kubernetes-namespace <ns>', 'namespace of run Jobs and the Lease (default: the pod\'s own, or the kubeconfig context\'s)').env('FLOE_KUBERNETES_NAMESPACE'))
    .addOption(new Option('--job-image <image>', 'the floe image run Jobs use').env('FLOE_JOB_IMAGE'))
    .addOption(new Option('--database-secret <name:key>', 'the Kubernetes Secret (name:key) holding FLOE_DATABASE_URL for run Jobs').env('FLOE_DATABASE_SECRET'))
    .addOption(new Option('--heartbeat-interval <seconds>', 'how often the daemon tells the database it is alive').argParser(seconds).env('FLOE_HEARTBEAT_INTERVAL'))
    .action(async (options: DaemonCommandOptions) => {
      const { daemonCommand } = await import('./orchestrator-command-actions.js');
      context.exitCode = await daemonCommand(context, options);
    });

  orchestrator
    .command('liveness-check')
    .description("exit 0 when this host's daemon heart-beat recently, 1 when its heartbeat is stale (the liveness probe)")
    .addOption(databaseUrlOption())
    .addOption(new Option('--max-age <seconds>', 'how old the last heartbeat may be').argParser(seconds).default(60))
    .option('--any-host', "accept any daemon's heartbeat, not only this host's")
    .action(async (options: LivenessOptions) => {
      const { livenessCommand } = await import('./orchestrator-command-actions.js');
      context.exitCode = await livenessCommand(context, options);
    });

  program
    .command('job')
    .description('pipeline jobs (started by the orchestrator)')
    .command('run')
    .description('run one queued run: fetch its bundle, run it, record it; exit 0 success, 1 failure, 3 canceled, 4 infrastructure error, 5 not runnable')
    .requiredOption('--run-id <id>', 'the run to run')
    .addOption(databaseUrlOption())
    .addOption(new Option('--warehouse-dir <dir>', 'where relative DuckDB paths live (a mounted volume)').env('FLOE_WAREHOUSE_DIR'))
    .action(async (options: JobRunOptions) => {
      const { jobRunCommand } = await import('./orchestrator-command-actions.js');
      context.exitCode = await jobRunCommand(context, options);
    });
}
