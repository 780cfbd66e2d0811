/**
 * One batch/v1 Job per run (see run-job-object.ts). The Job's name comes
 * from the run id, so two leaders launching one run create one Job. The
 * monitor's inspect reads the Job and its pod: a Job condition Complete or
 * Failed, a pod failed, OOM-killed or evicted (the reason is kept, with the
 * pod's last log lines), or the Job gone. Cancel and timeout delete the Job
 * (and its pod, in the background). A watch on the run pods of the namespace
 * keeps their latest state between inspections.
 */
import { BatchV1Api, CoreV1Api, Watch, type KubeConfig, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { FloeError } from '../../../errors/index.js';
import { floeVersion } from '../../../version/index.js';
import type { KubernetesJobSettings } from '../../daemon/daemon-settings.js';
import type { JsonObject, Run, StateStore } from '../../state/index.js';
import { LAST_LOG_LINES, lastLines } from '../last-log-lines.js';
import type { JobStatus, LaunchContext, Launcher } from '../launcher.js';
import { loadKubeConfig, namespaceOf, statusOf } from './kubernetes-config.js';
import { MANAGED_BY, RUN_ID_LABEL, runJobName, runJobObject } from './run-job-object.js';

export interface KubernetesLauncherOptions {
  store: StateStore;
  settings: KubernetesJobSettings;
  /** Default: in-cluster, else the kubeconfig. */
  kubeConfig?: KubeConfig;
  /** Watch the run pods (default true). */
  watch?: boolean;
}

export class KubernetesLauncher implements Launcher {
  readonly kind = 'kubernetes' as const;
  readonly namespace: string;
  readonly #store: StateStore;
  readonly #settings: KubernetesJobSettings & { namespace: string; image: string };
  readonly #batch: BatchV1Api;
  readonly #core: CoreV1Api;
  readonly #config: KubeConfig;
  /** The latest state of each run's pod, from the watch. */
  readonly #pods = new Map<string, V1Pod>();
  #watch: { abort(): void } | undefined;
  #closed = false;

  static async create(options: KubernetesLauncherOptions): Promise<KubernetesLauncher> {
    const launcher = new KubernetesLauncher(options);
    // Not awaited: the watch only speeds inspections up; they read the API without it.
    if (options.watch !== false) void launcher.#startWatch();
    return launcher;
  }

  private constructor(options: KubernetesLauncherOptions) {
    if (!options.settings.image) {
      throw new FloeError('FLOE_KUBERNETES_NO_IMAGE', 'The kubernetes launcher needs the floe image run Jobs use.', { hint: 'Pass --job-image <image> (or set FLOE_JOB_IMAGE).' });
    }
    this.#config = options.kubeConfig ?? loadKubeConfig();
    this.namespace = namespaceOf(this.#config, options.settings.namespace);
    this.#store = options.store;
    this.#settings = { ...options.settings, namespace: this.namespace, image: options.settings.image };
    this.#batch = this.#config.makeApiClient(BatchV1Api);
    this.#core = this.#config.makeApiClient(CoreV1Api);
  }

  async #startWatch(): Promise<void> {
    if (this.#closed) return;
    const watch = new Watch(this.#config);
    try {
      this.#watch = await watch.watch(
        `/api/v1/namespaces/${this.namespace}/pods`,
        { labelSelector: `app.kubernetes.io/managed-by=${MANAGED_BY}` },
        (type: string, pod: V1Pod) => {
          const runId = pod.metadata?.labels?.[RUN_ID_LABEL];
          if (!runId) return;
          if (type === 'DELETED') this.#pods.delete(runId);
          else this.#pods.set(runId, pod);
        },
        () => {
          // The stream ended (timeout, API restart): start again shortly; inspections read the API meanwhile.
          if (!this.#closed) setTimeout(() => void this.#startWatch(), 1000).unref();
        },
      );
    } catch {
      if (!this.#closed) setTimeout(() => void this.#startWatch(), 5000).unref();
    }
  }

  async launch(run: Run, context: LaunchContext): Promise<JsonObject> {
    const artifacts = run.bundleDigest ? await this.#store.products.getVersionArtifacts(run.product, run.bundleDigest) : undefined;
    const body = runJobObject({ run, artifacts, settings: this.#settings, version: floeVersion(), ...(context.traceContext ? { traceContext: context.traceContext } : {}) });
    try {
      await this.#batch.createNamespacedJob({ namespace: this.namespace, body: body as V1Job });
    } catch (error) {
      // Launched already (by a previous leader): one Job per run, by its name.
      if (statusOf(error) !== 409) throw error;
    }
    return { namespace: this.namespace, job: runJobName(run.id) };
  }

  async #pod(run: Run): Promise<V1Pod | undefined> {
    const watched = this.#pods.get(run.id);
    if (watched) return watched;
    const list = await this.#core.listNamespacedPod({ namespace: this.namespace, labelSelector: `${RUN_ID_LABEL}=${run.id}` });
    return list.items[0];
  }

  async #lastLogLines(pod: V1Pod | undefined): Promise<string[]> {
    const name = pod?.metadata?.name;
    if (!name) return [];
    try {
      const text = await this.#core.readNamespacedPodLog({ name, namespace: this.namespace, container: 'job', tailLines: LAST_LOG_LINES });
      return lastLines(String(text));
    } catch {
      return [];
    }
  }

  async inspect(run: Run): Promise<JobStatus> {
    let job: V1Job;
    try {
      job = await this.#batch.readNamespacedJob({ name: runJobName(run.id), namespace: this.namespace });
    } catch (error) {
      if (statusOf(error) === 404) return { state: 'gone', reason: `the Job ${runJobName(run.id)} was deleted` };
      throw error;
    }
    const pod = await this.#pod(run);
    const terminated = pod?.status?.containerStatuses?.find((status) => status.name === 'job')?.state?.terminated;
    const podReason = pod?.status?.reason; // e.g. Evicted
    const conditions = job.status?.conditions ?? [];
    const failedCondition = conditions.find((condition) => condition.type === 'Failed' && condition.status === 'True');
    if (conditions.some((condition) => condition.type === 'Complete' && condition.status === 'True')) return { state: 'succeeded' };
    if (failedCondition || pod?.status?.phase === 'Failed') {
      const reason =
        podReason ??
        (terminated?.reason && terminated.reason !== 'Error' ? terminated.reason : undefined) ??
        (terminated ? `exit code ${terminated.exitCode}` : undefined) ??
        failedCondition?.reason ??
        'the Job failed';
      return { state: 'failed', reason, lastLogLines: await this.#lastLogLines(pod) };
    }
    if (pod?.status?.phase === 'Running') return { state: 'running' };
    const waiting = pod?.status?.containerStatuses?.find((status) => status.name === 'job')?.state?.waiting?.reason;
    return { state: 'pending', ...(waiting ? { reason: waiting } : {}) };
  }

  async stop(run: Run): Promise<void> {
    try {
      await this.#batch.deleteNamespacedJob({ name: runJobName(run.id), namespace: this.namespace, propagationPolicy: 'Background' });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async close(): Promise<void> {
    // Jobs run on without the daemon; only the watch stops.
    this.#closed = true;
    this.#watch?.abort();
  }
}
