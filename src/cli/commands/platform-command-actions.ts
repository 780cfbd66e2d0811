/** What the platform commands do (see platform-commands.ts). */
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { EnvironmentName } from '../../config/index.js';
import {
  chartValuesProblems,
  effectiveChartValues,
  loadPlatformManifest,
  checkHelm,
  Cluster,
  deployPlatform,
  PACKAGE_CHARTS_DIR,
  platformLogs,
  platformStatus,
  platformValues,
  platformValuesYaml,
  type ComponentName,
  type DeployEvent,
} from '../../deploy/index.js';
import { FloeError } from '../../errors/index.js';
import { writeFileAtomic } from '../../files/index.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../output/display-path.js';
import { printFloeError } from '../output/print-error.js';

export interface PlatformCommandOptions {
  env?: EnvironmentName;
  projectDir?: string;
  namespace?: string;
  release: string;
  kubeconfig?: string;
}
export interface PlatformDeployOptions extends PlatformCommandOptions {
  component?: ComponentName;
  dryRun?: boolean;
  timeout: string;
  chartDir?: string;
}
export interface PlatformUpgradeOptions extends PlatformCommandOptions {
  version: string;
  timeout: string;
  chartDir?: string;
}
export interface PlatformStatusOptions extends PlatformCommandOptions {
  json?: boolean;
}
export interface PlatformLogsOptions extends PlatformCommandOptions {
  follow?: boolean;
  tail?: string;
}

/** Compile the values of an environment, check them against the chart's schema, write them; returns the file. */
async function compileValues(context: CliContext, options: PlatformCommandOptions, out?: string): Promise<{ file: string; values: Record<string, unknown> }> {
  const dir = resolve(options.projectDir ?? '.');
  const environment = options.env ?? 'dev';
  const { manifest, warnings } = await loadPlatformManifest(dir);
  const manifestText = `# The effective platform manifest (${manifest.metadata.name} ${manifest.metadata.version}); written by floe platform compile.\n${stringify(manifest)}`;
  const result = platformValues(manifest, environment, manifestText);
  for (const warning of [...warnings, ...result.warnings]) printFloeError(context.terminal, warning);
  const problems = chartValuesProblems(result.values);
  if (problems.length > 0) {
    throw new FloeError('FLOE_PLATFORM_VALUES_INVALID', `the values compiled from the manifest do not fit the floe-platform chart: ${problems.join('; ')}`, {
      hint: 'this is a floe bug when the manifest validates; please report it with the manifest',
    });
  }
  const file = out ? resolve(out) : join(dir, '.floe', 'platform', `values-${environment}.yaml`);
  writeFileAtomic(file, platformValuesYaml(result, manifest.metadata.name));
  return { file, values: result.values };
}

export async function platformCompileCommand(context: CliContext, options: PlatformCommandOptions & { out?: string }): Promise<number> {
  const { file } = await compileValues(context, options, options.out);
  context.terminal.line(`wrote ${displayPath(file)} (floe-platform values, ${options.env ?? 'dev'})`);
  return 0;
}

function printEvent(context: CliContext, event: DeployEvent, dryRun: boolean): void {
  const { terminal } = context;
  const c = terminal.colors;
  if (event.type === 'helm') {
    if (dryRun) terminal.line(`${event.component.padEnd(14)} helm ${event.args.join(' ')}`);
    else if (!event.skipped) terminal.line(c.dim(`${event.component.padEnd(14)} helm ${event.args.slice(0, 3).join(' ')} …`));
  } else if (event.type === 'ready') {
    terminal.line(`${event.component.padEnd(14)} ${c.green('ready')} ${event.ready}/${event.total}  ${event.workloads.map((workload) => `${workload.name} ${workload.ready}/${workload.desired}`).join(', ')}`);
  }
}

async function deploy(context: CliContext, options: PlatformDeployOptions, set: Record<string, string> = {}): Promise<number> {
  const { file, values } = await compileValues(context, options);
  const chartDir = resolve(options.chartDir ?? join(PACKAGE_CHARTS_DIR, 'floe-platform'));
  const cluster = options.dryRun ? undefined : new Cluster({ kubeconfig: options.kubeconfig, namespace: options.namespace });
  if (!options.dryRun) checkHelm();
  const namespace = cluster?.namespace ?? options.namespace ?? 'floe';
  const deployed = await deployPlatform({
    values: effectiveChartValues(values, chartDir),
    valuesFile: file,
    chartDir,
    release: options.release,
    namespace,
    components: options.component ? [options.component] : undefined,
    set,
    dryRun: options.dryRun,
    timeoutMs: Number(options.timeout) * 1000,
    cluster,
    onEvent: (event) => printEvent(context, event, options.dryRun === true),
  });
  if (!options.dryRun) context.terminal.line(`${context.terminal.colors.green('deployed')} ${deployed.map((component) => component.name).join(', ')} to ${namespace} (release ${options.release})`);
  return 0;
}

export const platformDeployCommand = (context: CliContext, options: PlatformDeployOptions): Promise<number> => deploy(context, options);

export async function platformUpgradeCommand(context: CliContext, options: PlatformUpgradeOptions): Promise<number> {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(options.version)) {
    throw new FloeError('FLOE_PLATFORM_VERSION', `'${options.version}' is not an image tag`, { hint: 'e.g. --version 0.2.0' });
  }
  return deploy(context, { ...options }, { 'image.tag': options.version });
}

export async function platformStatusCommand(context: CliContext, options: PlatformStatusOptions): Promise<number> {
  const { terminal } = context;
  const cluster = new Cluster({ kubeconfig: options.kubeconfig, namespace: options.namespace });
  const status = await platformStatus(cluster, options.release);
  if (options.json) {
    terminal.line(JSON.stringify(status, null, 2));
  } else {
    const c = terminal.colors;
    terminal.line(`release ${status.release} in ${status.namespace}`);
    if (status.components.length === 0) terminal.line(c.yellow('  nothing deployed (no workloads of this release)'));
    for (const component of status.components) {
      const ready = component.ready >= component.total ? c.green(`${component.ready}/${component.total}`) : c.yellow(`${component.ready}/${component.total}`);
      const health = component.health ? `  ${component.health.path} ${component.health.ok ? c.green('ok') : c.red(`failing (${component.health.status})`)}` : '';
      terminal.line(`  ${component.name.padEnd(14)} ${ready}${health}`);
    }
    if (status.daemon) {
      terminal.line(
        status.daemon.heartbeatAgeSeconds !== undefined
          ? `  daemon heartbeat ${Math.round(status.daemon.heartbeatAgeSeconds)} s ago${status.daemon.heartbeatAgeSeconds > 60 ? c.red(' (stale)') : ''}`
          : `  daemon heartbeat unknown: ${status.daemon.error}`,
      );
    }
  }
  const healthy = status.components.every((component) => component.ready >= component.total && component.health?.ok !== false);
  return healthy ? 0 : 1;
}

export async function platformLogsCommand(context: CliContext, component: string, options: PlatformLogsOptions): Promise<number> {
  const cluster = new Cluster({ kubeconfig: options.kubeconfig, namespace: options.namespace });
  await platformLogs(cluster, options.release, component, {
    follow: options.follow,
    tailLines: options.tail === undefined ? undefined : Number(options.tail),
    signal: context.signal,
    onLine: (line) => context.terminal.line(line),
  });
  return 0;
}

