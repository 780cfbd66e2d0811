import type { Command } from 'commander';

/**
 * A command group (`floe orchestrator …`, `floe product …`) that several
 * register functions add subcommands to: the first creates it, the others
 * find it, so each keeps to its own file.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((command) => command.name() === name) ?? program.command(name).description(description);
}
