/**
 * `floe product register`: its flags only. The work is in
 * product-register-command-action.ts, imported when it runs.
 */
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CLI_ENVIRONMENTS } from '../config-constants.js';
import { commandGroup } from './command-groups.js';
import type { ProductRegisterOptions } from './product-register-command-action.js';

export function registerProductRegisterCommand(program: Command, context: CliContext): void {
  commandGroup(program, 'product', 'data products: package, register, push and scaffold in a mesh')
    .command('register')
    .description("compile if stale, package the bundle and upload it to an orchestrator (the same digest again changes nothing)")
    .option('--project-dir <dir>', 'the folder holding floe.yaml (default: the current folder)')
    .addOption(new Option('--env <name>', 'the environment to compile for (its manifest settings may name the orchestrator)').choices([...CLI_ENVIRONMENTS]).default('dev'))
    .option('--url <url>', "the orchestrator's webserver (default: $FLOE_URL, or the environment's orchestrator.url in the manifest)")
    .option('--token <token>', 'an API token with the operator or admin role (default: $FLOE_TOKEN, or orchestrator.token_secret_ref)')
    .action(async (options: ProductRegisterOptions) => {
      const { productRegisterCommand } = await import('./product-register-command-action.js');
      context.exitCode = await productRegisterCommand(context, options);
    });
}
