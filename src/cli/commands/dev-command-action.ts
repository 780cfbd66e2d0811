/** What `floe dev` does (see dev-command.ts). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDataProduct, PRODUCT_FILE_NAMES, pullOciManifests, resolveManifestChain, type Manifest } from '../../config/index.js';
import { composeUp, dockerEngine, writeDevStack, type DevStack } from '../../deploy/index.js';
import { FloeError, FloeErrors } from '../../errors/index.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../output/display-path.js';
import { printFloeError } from '../output/print-error.js';

export interface DevOptions {
  projectDir?: string;
  dryRun?: boolean;
}

/** The effective manifest of a product folder (floe.yaml) or a platform folder (manifest.yaml). */
export async function manifestOf(dir: string): Promise<{ manifest: Manifest; warnings: FloeError[] }> {
  const pulls = await pullOciManifests(dir);
  if (pulls.errors.length > 0) throw new FloeErrors(pulls.errors);
  if (PRODUCT_FILE_NAMES.some((name) => existsSync(join(dir, name)))) {
    const loaded = loadDataProduct(dir);
    if (!loaded.manifest) throw new FloeErrors(loaded.errors);
    return { manifest: loaded.manifest, warnings: [...pulls.warnings, ...loaded.warnings] };
  }
  const manifestPath = join(dir, 'manifest.yaml');
  if (!existsSync(manifestPath)) {
    throw new FloeError('FLOE_NO_MANIFEST', `${dir} has neither floe.yaml nor manifest.yaml`, { hint: 'run floe dev in a product or platform folder, or pass --project-dir' });
  }
  const chain = resolveManifestChain(manifestPath);
  if (!chain.effective) throw new FloeErrors(chain.errors);
  return { manifest: chain.effective, warnings: [...pulls.warnings, ...chain.warnings] };
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
  const { manifest, warnings } = await manifestOf(dir);
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
