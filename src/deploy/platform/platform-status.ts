/**
 * `floe platform status`: per component, ready/total replicas of its
 * workloads, the health answer of its Service (through the API server's
 * service proxy), and the daemon's heartbeat age from the orchestrator's
 * /metrics (`floe_daemon_heartbeat_age_seconds`).
 */
import type { Cluster, WorkloadStatus } from './cluster.js';
import { PLATFORM_COMPONENTS, type ComponentName } from './platform-components.js';

export interface ComponentStatus {
  name: ComponentName;
  ready: number;
  total: number;
  workloads: Omit<WorkloadStatus, 'component'>[];
  health?: { path: string; ok: boolean; status: number };
}

export interface PlatformStatus {
  namespace: string;
  release: string;
  components: ComponentStatus[];
  daemon?: { heartbeatAgeSeconds?: number; error?: string };
}

/** The largest value of a metric in Prometheus text format, or undefined. */
export function metricValue(text: string, name: string): number | undefined {
  let found: number | undefined;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(\\{[^}]*\\})?\\s+([-+0-9.eE]+|NaN|\\+Inf)`).exec(line);
    if (match) {
      const value = Number(match[2]);
      if (!Number.isNaN(value)) found = found === undefined ? value : Math.max(found, value);
    }
  }
  return found;
}

export async function platformStatus(cluster: Cluster, release: string): Promise<PlatformStatus> {
  const workloads = await cluster.workloads(release);
  const components: ComponentStatus[] = [];
  for (const component of PLATFORM_COMPONENTS) {
    const labels = new Set(Object.values(component.workloads).flat());
    const mine = workloads.filter((workload) => labels.has(workload.component));
    if (mine.length === 0) continue;
    const status: ComponentStatus = {
      name: component.name,
      ready: mine.reduce((total, workload) => total + workload.ready, 0),
      total: mine.reduce((total, workload) => total + workload.desired, 0),
      workloads: mine.map(({ component: _component, ...rest }) => rest),
    };
    if (component.health && mine.some((workload) => workload.component === component.health?.workload)) {
      const answer = await cluster.serviceGet(component.health.service, component.health.port, component.health.path);
      status.health = { path: component.health.path, ok: answer.ok, status: answer.status };
    }
    components.push(status);
  }
  const result: PlatformStatus = { namespace: cluster.namespace, release, components };
  if (workloads.some((workload) => workload.component === 'orchestrator-webserver')) {
    const metrics = await cluster.serviceGet('orchestrator', 3000, '/metrics');
    const age = metrics.ok ? metricValue(metrics.body, 'floe_daemon_heartbeat_age_seconds') : undefined;
    result.daemon = age !== undefined ? { heartbeatAgeSeconds: age } : { error: metrics.ok ? 'no floe_daemon_heartbeat_age_seconds in /metrics' : `/metrics answered ${metrics.status}` };
  }
  return result;
}
