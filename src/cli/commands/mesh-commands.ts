/**
 * The data-mesh commands: `floe platform publish` (a manifest to an OCI
 * registry) and `floe product init --domain` (a product bound to a domain's
 * published manifest). Flags only; the work is in mesh-command-actions.ts.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { ProductInitOptions, PublishOptions } from './mesh-command-actions.js';
import { commandGroup } from './command-groups.js';

export function registerMeshCommands(program: Command, context: CliContext): void {
  commandGroup(program, 'platform', 'the platform: Helm values, deploy, status and logs on Kubernetes, and publishing manifests')
    .command('publish')
    .description('push a platform manifest to an OCI registry, for domains and products to name in parent: / platform.manifest:')
    .argument('<reference>', 'where to: oci://REGISTRY/REPOSITORY:TAG')
    .option('--manifest <file>', 'the manifest to publish', 'manifest.yaml')
    .action(async (reference: string, options: PublishOptions) => {
      const { publishCommand } = await import('./mesh-command-actions.js');
      context.exitCode = await publishCommand(context, reference, options);
    });

  commandGroup(program, 'product', 'data products: package, register, push and scaffold in a mesh')
    .command('init')
    .description("create a data product bound to a domain's published manifest (pulled from the registry to check it)")
    .argument('<name>', 'product name, Kubernetes-style (lowercase letters, digits, -)')
    .requiredOption('--domain <domain:version>', "the domain and its manifest's version, e.g. sales:v1.0.0")
    .option('--registry <oci://registry/path>', 'where domain manifests are published (default: FLOE_REGISTRY)')
    .option('--dir <dir>', 'where to create it (default: ./<name>); must be empty or not exist')
    .action(async (name: string, options: ProductInitOptions) => {
      const { productInitCommand } = await import('./mesh-command-actions.js');
      context.exitCode = await productInitCommand(context, name, options);
    });
}
