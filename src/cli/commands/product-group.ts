/**
 * The `floe product …` command group, shared by its subcommands' files
 * (`package` here, `register` with the remote-orchestrator commands): each
 * adds itself to the one group, whoever registers first creates it.
 */
import type { Command } from 'commander';

export function productCommandGroup(program: Command): Command {
  return program.commands.find((command) => command.name() === 'product') ?? program.command('product').description('package and register data products (bundles)');
}
