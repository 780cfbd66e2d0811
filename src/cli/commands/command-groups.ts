/**
 * Command groups several files add subcommands to (`floe platform …`,
 * `floe product …`): the first caller creates the group, later ones reuse it.
 */
import type { Command } from 'commander';

export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((command) => command.name() === name) ?? program.command(name).description(description);
}
