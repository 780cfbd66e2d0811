/**
 * `floe platform compile|deploy|upgrade|status|logs`: the platform on
 * Kubernetes, through the user's kubeconfig and the `helm` on the PATH.
 * Flags only; the work is in platform-command-actions.ts.
 */
import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CLI_ENVIRONMENTS } from '../config-constants.js';
import type { PlatformCommandOptions, PlatformDeployOptions, PlatformLogsOptions, PlatformStatusOptions, PlatformUpgradeOptions } from './platform-command-actions.js';
import { commandGroup } from './command-groups.js';

const COMPONENTS = ['storage', 'catalog', 'observability', 'orchestrator', 'semantic'];

function common(command: Command, withEnv = true): Command {
  if (withEnv) command.addOption(new Option('--env <name>', 'the environment whose settings apply').choices([...CLI_ENVIRONMENTS]).default('dev'));
  return command
    .option('--project-dir <dir>', 'the platform folder (manifest.yaml) or a product folder (floe.yaml); default: the current folder')
    .option('--namespace <name>', "the Kubernetes namespace (default: the kubeconfig context's, else floe)")
    .option('--release <name>', 'the Helm release', 'floe')
    .option('--kubeconfig <file>', 'a kubeconfig file (default: KUBECONFIG, ~/.kube/config, or in-cluster)');
}

export function registerPlatformCommands(program: Command, context: CliContext): void {
  const platform = commandGroup(program, 'platform', 'the platform: Helm values, deploy, status and logs on Kubernetes, and publishing manifests');

  common(platform.command('compile').description('write the floe-platform Helm values of an environment from the manifest (.floe/platform/values-ENV.yaml; secrets by name only)'), true)
    .option('--out <file>', 'where to write the values (default: .floe/platform/values-ENV.yaml)')
    .action(async (options: PlatformCommandOptions & { out?: string }) => {
      const { platformCompileCommand } = await import('./platform-command-actions.js');
      context.exitCode = await platformCompileCommand(context, options);
    });

  common(platform.command('deploy').description('helm upgrade --install the platform in startup order (storage → catalog → observability → orchestrator → semantic), waiting for each to be ready'))
    .addOption(new Option('--component <name>', 'deploy only this component').choices(COMPONENTS))
    .option('--dry-run', 'print the helm commands without running them or touching the cluster')
    .option('--timeout <seconds>', 'how long each component may take to become ready', '600')
    .option('--chart-dir <dir>', 'the floe-platform chart (default: the one shipped with floe)')
    .action(async (options: PlatformDeployOptions) => {
      const { platformDeployCommand } = await import('./platform-command-actions.js');
      context.exitCode = await platformDeployCommand(context, options);
    });

  common(platform.command('upgrade').description('upgrade the running platform to another floe version (image tag), component by component'))
    .requiredOption('--version <version>', 'the floe version (image tag) to run')
    .option('--timeout <seconds>', 'how long each component may take to become ready', '600')
    .option('--chart-dir <dir>', 'the floe-platform chart (default: the one shipped with floe)')
    .action(async (options: PlatformUpgradeOptions) => {
      const { platformUpgradeCommand } = await import('./platform-command-actions.js');
      context.exitCode = await platformUpgradeCommand(context, options);
    });

  common(platform.command('status').description('per component: ready replicas, service health, and the daemon heartbeat age'), false)
    .option('--json', 'print the status as JSON')
    .action(async (options: PlatformStatusOptions) => {
      const { platformStatusCommand } = await import('./platform-command-actions.js');
      context.exitCode = await platformStatusCommand(context, options);
    });

  common(platform.command('logs').description('the logs of a component (storage, catalog, observability, orchestrator, semantic) or one workload (e.g. orchestrator-daemon)'), false)
    .argument('<component>', 'a component or workload')
    .option('-f, --follow', 'keep streaming until the pods stop (Ctrl-C to stop)')
    .option('--tail <lines>', 'only the last N lines of each pod')
    .action(async (component: string, options: PlatformLogsOptions) => {
      const { platformLogsCommand } = await import('./platform-command-actions.js');
      context.exitCode = await platformLogsCommand(context, component, options);
    });
}
