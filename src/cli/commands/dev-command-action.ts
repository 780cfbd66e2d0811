/** What `floe dev` does (see dev-command.ts). */
import { resolve } from 'node:path';
import { composeUp, dockerEngine, loadPlatformManifest, writeDevStack, type DevStack } from '../../deploy/index.js';
import { FloeError } from '../../errors/index.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../output/display-path.js';
import { printFloeError } from '../output/print-error.js';

export interface DevOptions {
  projectDir?: string;
  dryRun?: boolean;
}

function printPlan(context: CliContext, stack: DevStack, verb: string): void {
  const { terminal } = context;
  for (const service of stack.services) terminal.line(`  ${verb} ${service.name}${service.ports.length ? ` (${service.ports.map((port) => port.split(':')[0]).join(', ')})` : ''}`);
  terminal.line('');
  for (const service of stack.services) if (service.url) terminal.line(`  ${service.url.label.padEnd(32)} ${service.url.href}`);
}

export async function devCommand(context: CliContext, options: DevOptions): Promise<number> {
  const { terminal } = context;
  const dir = resolve(options.projectDir ?? '.');
  const { manifest, warnings } = await loadPlatformManifest(dir);
  for (const warning of warnings) printFloeError(terminal, warning);
  const stack = writeDevStack(dir, manifest);
  terminal.line(`wrote ${stack.files.map(displayPath).join(', ')}`);
  if (options.dryRun) {
    terminal.line(`dry run: docker compose --file ${displayPath(stack.composeFile)} --project-name ${stack.project} up --detach would start:`);
    printPlan(context, stack, 'would start');
    return 0;
  }
  const engine = dockerEngine();
  if (!engine.available) {
    throw new FloeError('FLOE_DEV_NO_DOCKER', `no Docker engine answers (${engine.reason}); the dev stack's files are written but nothing was started`, {
      hint: `start Docker and run \`floe dev\` again, or \`docker compose --file ${displayPath(stack.composeFile)} up -d\` on a machine with Docker`,
    });
  }
  terminal.line(`starting ${stack.project} (docker compose up --detach --wait)…`);
  composeUp(stack.composeFile, stack.project);
  terminal.line(terminal.colors.green(`${stack.project} is up:`));
  printPlan(context, stack, 'started');
  terminal.line(`stop it with: docker compose --project-name ${stack.project} down`);
  return 0;
}
