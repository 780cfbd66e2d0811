/** `floe dev`: the dev stack (Docker Compose) from the platform manifest. Flags only; the work is in dev-command-action.ts. */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { DevOptions } from './dev-command-action.js';

export function registerDevCommand(program: Command, context: CliContext): void {
  program
    .command('dev')
    .description('write the dev stack (.floe/dev/compose.yaml, collector config, init SQL) from the manifest and start it with docker compose')
    .option('--project-dir <dir>', 'the product folder (floe.yaml) or platform folder (manifest.yaml); default: the current folder')
    .option('--dry-run', 'write the files and print what would start, without starting anything')
    .action(async (options: DevOptions) => {
      const { devCommand } = await import('./dev-command-action.js');
      context.exitCode = await devCommand(context, options);
    });
}
