#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { createTerminal } from './output/terminal.js';
import { printError } from './output/print-error.js';
import { registerTransformCommands } from './commands/transform-commands.js';
import { registerProductCommands } from './commands/product-commands.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerHistoryCommands } from './commands/history-commands.js';
import { registerDepsCommand } from './commands/deps-command.js';
import { registerDbtCommands } from './commands/dbt-commands.js';
import { registerBundleCommands } from './commands/bundle-commands.js';
import { registerOrchestratorCommands } from './commands/orchestrator-commands.js';
import { registerWebserverCommand } from './commands/webserver-command.js';
import { registerProductRegisterCommand } from './commands/product-register-command.js';
import { registerMeshCommands } from './commands/mesh-commands.js';
import { registerDevCommand } from './commands/dev-command.js';
import { registerPlatformCommands } from './commands/platform-commands.js';
import type { CliContext } from './cli-context.js';
import { floeVersion } from '../version/index.js';

/**
 * The `floe` command. Parses flags, calls modules, prints. Ctrl-C once stops
 * scheduling new work and lets the run clean up; twice exits at once.
 */
export async function main(argv: string[]): Promise<number> {
  const terminal = createTerminal();
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts === 1) {
      terminal.errorLine(terminal.colors.yellow('\nStopping: no new nodes will start; cancelling running statements… (Ctrl-C again to quit now)'));
      abort.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  const context: CliContext = { terminal, signal: abort.signal, debug: argv.includes('--debug'), exitCode: 0 };
  const program = new Command('floe')
    .description('floe — the open platform for building data platforms')
    .version(floeVersion(), '-V, --version')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run floe --help for usage)')
    .exitOverride();

  registerTransformCommands(program, context);
  registerProductCommands(program, context);
  registerRunCommand(program, context);
  registerHistoryCommands(program, context);
  registerDepsCommand(program, context);
  registerDbtCommands(program, context);
  registerBundleCommands(program, context);
  registerOrchestratorCommands(program, context);
  registerWebserverCommand(program, context);
  registerProductRegisterCommand(program, context);
  registerMeshCommands(program, context);
  registerDevCommand(program, context);
  registerPlatformCommands(program, context);

  try {
    await program.parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    printError(terminal, error, context.debug);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

const exitCode = await main(process.argv);
// Let stdout drain before exiting (large outputs piped to another process).
process.exitCode = exitCode;
