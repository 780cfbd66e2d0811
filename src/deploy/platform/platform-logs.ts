/**
 * `floe platform logs <component>`: the logs of a component's pods (or of one
 * workload, e.g. orchestrator-daemon), each line prefixed with its pod, and
 * followed until the pods stop or Ctrl-C when asked.
 */
import { Writable } from 'node:stream';
import { FloeError } from '../../errors/index.js';
import type { Cluster } from './cluster.js';
import { COMPONENT_NAMES, componentNamed } from './platform-components.js';

export interface LogsOptions {
  follow?: boolean;
  tailLines?: number;
  signal?: AbortSignal;
  /** Receives whole lines, prefixed `[pod] `. */
  onLine: (line: string) => void;
}

export function workloadLabelsOf(name: string): string[] {
  const component = componentNamed(name);
  if (component) return Object.values(component.workloads).flat();
  const all = COMPONENT_NAMES.flatMap((componentName) => {
    const component = componentNamed(componentName);
    return [...Object.values(component?.workloads ?? {}).flat(), ...(component?.jobs ?? [])];
  });
  if (all.includes(name)) return [name];
  throw new FloeError('FLOE_PLATFORM_UNKNOWN_COMPONENT', `'${name}' is not a platform component or workload`, { hint: `components: ${COMPONENT_NAMES.join(', ')}; workloads: ${all.join(', ')}` });
}

function lineSink(prefix: string, onLine: (line: string) => void): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(`${prefix}${line}`);
      callback();
    },
    final(callback) {
      if (pending) onLine(`${prefix}${pending}`);
      callback();
    },
  });
}

export async function platformLogs(cluster: Cluster, release: string, name: string, options: LogsOptions): Promise<number> {
  const labels = workloadLabelsOf(name);
  const pods = await cluster.pods(`app.kubernetes.io/instance=${release},app.kubernetes.io/component in (${labels.join(',')})`);
  if (pods.length === 0) {
    throw new FloeError('FLOE_PLATFORM_NO_PODS', `no pods of ${name} in ${cluster.namespace} (release ${release})`, { hint: 'is it deployed? floe platform status' });
  }
  const readable = pods.filter((pod) => pod.phase !== 'Pending');
  for (const pod of pods.filter((candidate) => candidate.phase === 'Pending')) options.onLine(`[${pod.name}] (pending: no log yet)`);
  await Promise.all(readable.map((pod) => cluster.streamLog(pod.name, pod.container, lineSink(`[${pod.name}] `, options.onLine), options)));
  return readable.length;
}
