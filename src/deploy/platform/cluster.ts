/**
 * The platform's view of a Kubernetes cluster through the user's kubeconfig
 * (`KUBECONFIG`, `~/.kube/config`, or in-cluster), with
 * `@kubernetes/client-node@1`: the release's workloads and how ready they
 * are, a Service's HTTP answer through the API server's service proxy, pods
 * and their logs.
 */
import type { Writable } from 'node:stream';
import { ApiException, AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, Log, type V1DaemonSet, type V1Deployment, type V1StatefulSet } from '@kubernetes/client-node';
import { FloeError } from '../../errors/index.js';

export interface WorkloadStatus {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
  /** Its `app.kubernetes.io/component` label. */
  component: string;
  ready: number;
  desired: number;
  /** Ready, all replicas updated, and the controller has seen the latest spec. */
  rolledOut: boolean;
}

export interface ClusterOptions {
  /** A kubeconfig file; KUBECONFIG / ~/.kube/config / in-cluster by default. */
  kubeconfig?: string;
  namespace?: string;
}

function apiFailure(error: unknown, what: string): FloeError {
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' && error.body.startsWith('{') ? (JSON.parse(error.body) as { message?: string }) : undefined;
    const hint = error.code === 401 || error.code === 403 ? 'check your kubeconfig credentials and that they may read this namespace' : undefined;
    return new FloeError('FLOE_KUBERNETES_API', `Kubernetes refused ${what}: HTTP ${error.code}${body?.message ? ` — ${body.message}` : ''}`, { hint, cause: error });
  }
  const cause = (error as { cause?: { code?: string } }).cause;
  return new FloeError('FLOE_KUBERNETES_UNREACHABLE', `cannot reach the Kubernetes API for ${what} (${cause?.code ?? (error as Error).message})`, {
    hint: 'check the current kubeconfig context (kubectl config current-context) and that the cluster is up',
    cause: error,
  });
}

function deploymentStatus(item: V1Deployment | V1StatefulSet): Pick<WorkloadStatus, 'ready' | 'desired' | 'rolledOut'> {
  const desired = item.spec?.replicas ?? item.status?.replicas ?? 1;
  const ready = item.status?.readyReplicas ?? 0;
  const updated = item.status?.updatedReplicas ?? 0;
  const observed = (item.status?.observedGeneration ?? 0) >= (item.metadata?.generation ?? 0);
  return { desired, ready, rolledOut: observed && ready >= desired && updated >= desired };
}

function daemonSetStatus(item: V1DaemonSet): Pick<WorkloadStatus, 'ready' | 'desired' | 'rolledOut'> {
  const desired = item.status?.desiredNumberScheduled ?? 0;
  const ready = item.status?.numberReady ?? 0;
  const observed = (item.status?.observedGeneration ?? 0) >= (item.metadata?.generation ?? 0);
  return { desired, ready, rolledOut: observed && ready >= desired && (item.status?.updatedNumberScheduled ?? 0) >= desired };
}

export class Cluster {
  readonly namespace: string;
  private readonly config: KubeConfig;

  constructor(options: ClusterOptions = {}) {
    this.config = new KubeConfig();
    try {
      if (options.kubeconfig) this.config.loadFromFile(options.kubeconfig);
      else this.config.loadFromDefault();
    } catch (error) {
      throw new FloeError('FLOE_KUBECONFIG', `cannot read the kubeconfig: ${(error as Error).message}`, { hint: 'set KUBECONFIG or create ~/.kube/config (kubectl config view)' });
    }
    if (!this.config.getCurrentCluster()) {
      throw new FloeError('FLOE_KUBECONFIG', 'the kubeconfig has no current cluster', { hint: 'select one: kubectl config use-context NAME' });
    }
    this.namespace = options.namespace ?? this.config.getContextObject(this.config.getCurrentContext())?.namespace ?? 'floe';
  }

  /** The release's Deployments, StatefulSets and DaemonSets (optionally only some components). */
  async workloads(release: string, components?: string[]): Promise<WorkloadStatus[]> {
    const labelSelector = `app.kubernetes.io/instance=${release}${components?.length ? `,app.kubernetes.io/component in (${components.join(',')})` : ''}`;
    const apps = this.config.makeApiClient(AppsV1Api);
    const request = { namespace: this.namespace, labelSelector };
    try {
      const [deployments, statefulSets, daemonSets] = await Promise.all([apps.listNamespacedDeployment(request), apps.listNamespacedStatefulSet(request), apps.listNamespacedDaemonSet(request)]);
      const component = (labels: Record<string, string> | undefined) => labels?.['app.kubernetes.io/component'] ?? '';
      return [
        ...deployments.items.map((item) => ({ kind: 'Deployment' as const, name: item.metadata?.name ?? '', component: component(item.metadata?.labels), ...deploymentStatus(item) })),
        ...statefulSets.items.map((item) => ({ kind: 'StatefulSet' as const, name: item.metadata?.name ?? '', component: component(item.metadata?.labels), ...deploymentStatus(item) })),
        ...daemonSets.items.map((item) => ({ kind: 'DaemonSet' as const, name: item.metadata?.name ?? '', component: component(item.metadata?.labels), ...daemonSetStatus(item) })),
      ];
    } catch (error) {
      throw apiFailure(error, `listing the workloads of release ${release} in ${this.namespace}`);
    }
  }

  /** The release's Jobs of one component (e.g. the migration), with how each ended. */
  async jobs(release: string, component: string): Promise<{ name: string; state: 'running' | 'succeeded' | 'failed'; message?: string }[]> {
    const batch = this.config.makeApiClient(BatchV1Api);
    try {
      const jobs = await batch.listNamespacedJob({ namespace: this.namespace, labelSelector: `app.kubernetes.io/instance=${release},app.kubernetes.io/component=${component}` });
      return jobs.items.map((job) => {
        const failed = job.status?.conditions?.find((condition) => condition.type === 'Failed' && condition.status === 'True');
        const complete = job.status?.conditions?.some((condition) => condition.type === 'Complete' && condition.status === 'True');
        return { name: job.metadata?.name ?? '', state: failed ? 'failed' : complete ? 'succeeded' : 'running', message: failed?.message };
      });
    } catch (error) {
      throw apiFailure(error, `listing the jobs of release ${release} in ${this.namespace}`);
    }
  }

  /** GET `path` of a Service through the API server's proxy; a failure is an answer, not an exception. */
  async serviceGet(service: string, port: number, path: string): Promise<{ ok: boolean; status: number; body: string }> {
    const core = this.config.makeApiClient(CoreV1Api);
    try {
      const body = await core.connectGetNamespacedServiceProxyWithPath({ name: `${service}:${port}`, namespace: this.namespace, path: path.replace(/^\//, '') });
      return { ok: true, status: 200, body: typeof body === 'string' ? body : JSON.stringify(body) };
    } catch (error) {
      if (error instanceof ApiException) return { ok: false, status: error.code, body: typeof error.body === 'string' ? error.body : '' };
      return { ok: false, status: 0, body: (error as Error).message };
    }
  }

  async pods(labelSelector: string): Promise<{ name: string; container: string; phase: string }[]> {
    const core = this.config.makeApiClient(CoreV1Api);
    try {
      const pods = await core.listNamespacedPod({ namespace: this.namespace, labelSelector });
      return pods.items.map((pod) => ({ name: pod.metadata?.name ?? '', container: pod.spec?.containers[0]?.name ?? '', phase: pod.status?.phase ?? 'Unknown' }));
    } catch (error) {
      throw apiFailure(error, `listing pods (${labelSelector}) in ${this.namespace}`);
    }
  }

  /** Streams one container's log into `sink`; resolves when the stream ends (with follow: when the pod stops or `signal` aborts). */
  async streamLog(pod: string, container: string, sink: Writable, options: { follow?: boolean; tailLines?: number; signal?: AbortSignal }): Promise<void> {
    const done = new Promise<void>((resolve) => sink.once('finish', () => resolve()));
    let controller: AbortController;
    try {
      controller = await new Log(this.config).log(this.namespace, pod, container, sink, { follow: options.follow, tailLines: options.tailLines });
    } catch (error) {
      throw apiFailure(error, `reading the log of ${pod}`);
    }
    options.signal?.addEventListener('abort', () => {
      controller.abort();
      sink.end();
    });
    await done;
  }
}
