/**
 * `floe orchestrator webserver`: its flags only. The work is in
 * webserver-command-action.ts, imported when it runs.
 */
import { Command, Option } from 'commander';
import { FloeError } from '../../errors/index.js';
import type { CliContext } from '../cli-context.js';
import { commandGroup } from './command-groups.js';
import type { WebserverCommandOptions } from './webserver-command-action.js';

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FloeError('FLOE_CLI_PORT', `--port must be a port number (0–65535), got '${text}'`);
  return port;
}

export function registerWebserverCommand(program: Command, context: CliContext): void {
  commandGroup(program, 'orchestrator', 'the orchestrator services: webserver (REST API + UI), daemon, migrations')
    .command('webserver')
    .description('serve the REST API (/api/v1, described at /api/openapi.json), /health, /ready, /metrics and the web UI')
    .option('--database-url <url>', 'the state store: postgres://… or an SQLite file (default: $FLOE_DATABASE_URL)')
    .addOption(new Option('--port <n>', 'port to listen on (default: $FLOE_PORT, orchestrator.webserver.port, 3000)').argParser(parsePort))
    .option('--host <address>', 'address to listen on (default: $FLOE_HOST or 0.0.0.0)')
    .option('--manifest <file>', 'the platform manifest whose orchestrator.webserver settings apply (tokens, anonymous read; default: $FLOE_MANIFEST)')
    .option('--ui-dir <dir>', 'the built web UI to serve at / (default: $FLOE_UI_DIR, orchestrator.webserver.ui_dir, ui/dist)')
    .option('--anonymous-read', 'let requests without a token read (overrides orchestrator.webserver.anonymous_read)')
    .action(async (options: WebserverCommandOptions) => {
      const { webserverCommand } = await import('./webserver-command-action.js');
      context.exitCode = await webserverCommand(context, options);
    });
}
