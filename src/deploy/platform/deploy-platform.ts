/**
 * `floe platform deploy`: `helm upgrade --install` of the floe-platform
 * chart in the spec's startup order — storage → catalog → observability →
 * orchestrator → semantic layer — waiting for each component's workloads to
 * be ready before the next. One release; a component that is not running yet
 * is held back (`--set <key>=false`) until its turn, while components already
 * running are never switched off, so a redeploy of a live platform is one
 * ordinary upgrade followed by the same readiness checks.
 */
import { FloeError } from '../../errors/index.js';
import type { Cluster, WorkloadStatus } from './cluster.js';
import { runHelm } from './helm-cli.js';
import { enabledWorkloads, PLATFORM_COMPONENTS, type ComponentName, type PlatformComponent } from './platform-components.js';

export interface DeployOptions {
  /** The compiled values (to know which components are on). */
  values: Record<string, unknown>;
  /** The values file helm reads. */
  valuesFile: string;
  chartDir: string;
  release: string;
  namespace: string;
  /** Only these components (in startup order); every enabled one by default. */
  components?: ComponentName[];
  /** Extra `--set key=value` (e.g. image.tag for an upgrade). */
  set?: Record<string, string>;
  dryRun?: boolean;
  /** How long a component may take to become ready. */
  timeoutMs?: number;
  pollIntervalMs?: number;
  cluster?: Cluster;
  environment?: NodeJS.ProcessEnv;
  onEvent?: (event: DeployEvent) => void;
}

export type DeployEvent =
  | { type: 'helm'; component: ComponentName; args: string[]; skipped: boolean }
  | { type: 'waiting'; component: ComponentName; workloads: WorkloadStatus[] }
  | { type: 'ready'; component: ComponentName; ready: number; total: number; workloads: WorkloadStatus[] };

export interface DeployedComponent {
  name: ComponentName;
  ready: number;
  total: number;
}

const sum = (workloads: WorkloadStatus[], key: 'ready' | 'desired') => workloads.reduce((total, workload) => total + workload[key], 0);

function helmArgs(options: DeployOptions, held: string[]): string[] {
  const args = ['upgrade', '--install', options.release, options.chartDir, '--namespace', options.namespace, '--create-namespace', '--values', options.valuesFile];
  for (const key of held) args.push('--set', `${key}=false`);
  for (const [key, value] of Object.entries(options.set ?? {})) args.push('--set', `${key}=${value}`);
  return args;
}

async function waitFor(component: PlatformComponent, labels: string[], options: DeployOptions, cluster: Cluster): Promise<WorkloadStatus[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    // A failed migration will never let the services get ready: say so now.
    for (const label of component.jobs ?? []) {
      const failed = (await cluster.jobs(options.release, label)).find((job) => job.state === 'failed');
      if (failed) {
        throw new FloeError('FLOE_PLATFORM_JOB_FAILED', `${component.name}: Job ${failed.name} failed${failed.message ? ` (${failed.message})` : ''}`, {
          hint: `read its log: floe platform logs ${label}`,
        });
      }
    }
    const workloads = await cluster.workloads(options.release, labels);
    const present = new Set(workloads.map((workload) => workload.component));
    if (labels.every((label) => present.has(label)) && workloads.every((workload) => workload.rolledOut)) return workloads;
    options.onEvent?.({ type: 'waiting', component: component.name, workloads });
    if (Date.now() >= deadline) {
      const missing = labels.filter((label) => !present.has(label));
      const slow = workloads.filter((workload) => !workload.rolledOut).map((workload) => `${workload.kind}/${workload.name} ${workload.ready}/${workload.desired} ready`);
      throw new FloeError('FLOE_PLATFORM_NOT_READY', `${component.name} did not become ready in ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s: ${[...missing.map((label) => `${label} not created`), ...slow].join(', ')}`, {
        hint: `look at its pods: floe platform logs ${component.name}, or kubectl -n ${options.namespace} get pods -l app.kubernetes.io/instance=${options.release}`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 2000));
  }
}

export async function deployPlatform(options: DeployOptions): Promise<DeployedComponent[]> {
  const order = PLATFORM_COMPONENTS.filter((component) => enabledWorkloads(component, options.values).length > 0);
  const selected = order.filter((component) => !options.components || options.components.includes(component.name));
  if (selected.length === 0) {
    throw new FloeError('FLOE_PLATFORM_NOTHING_TO_DEPLOY', `no ${options.components ? options.components.join(', ') : ''} component is enabled in the values`, {
      hint: 'enable it in the platform manifest (plugins, services) and run floe platform compile',
    });
  }
  const cluster = options.cluster;
  if (!options.dryRun && !cluster) throw new Error('deployPlatform needs a cluster unless dryRun');
  const deployed: DeployedComponent[] = [];
  let previous: string[] | undefined;
  for (const component of selected) {
    const running = options.dryRun || !cluster ? new Set<string>() : new Set((await cluster.workloads(options.release)).map((workload) => workload.component));
    // Hold back what comes later in the startup order and is not running yet.
    const later = order.slice(order.indexOf(component) + 1);
    const held = later.flatMap((next) => next.enabledBy.filter((key) => enabledWorkloads({ ...next, enabledBy: [key] }, options.values).some((label) => !running.has(label))));
    const args = helmArgs(options, held);
    const skipped = previous !== undefined && JSON.stringify(previous) === JSON.stringify(args);
    options.onEvent?.({ type: 'helm', component: component.name, args, skipped });
    if (options.dryRun || !cluster) {
      previous = args;
      continue;
    }
    if (!skipped) await runHelm(args, options.environment);
    previous = args;
    const workloads = await waitFor(component, enabledWorkloads(component, options.values), options, cluster);
    const result = { name: component.name, ready: sum(workloads, 'ready'), total: sum(workloads, 'desired') };
    options.onEvent?.({ type: 'ready', component: component.name, ready: result.ready, total: result.total, workloads });
    deployed.push(result);
  }
  return deployed;
}
