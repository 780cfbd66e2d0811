/**
 * The Kubernetes API TEST DOUBLE, exercised through the real
 * `@kubernetes/client-node@1` client, so every floe test that relies on it
 * relies on behaviour pinned here.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoordinationV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  Log,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import { KubernetesApiDouble } from './kubernetes-api-double.js';

let api: KubernetesApiDouble;
let config: KubeConfig;
beforeAll(async () => {
  api = await KubernetesApiDouble.start();
  config = api.kubeConfig('floe');
});
afterAll(async () => {
  await api.close();
});

const deployment = (name: string, labels: Record<string, string> = {}): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'floe:1', env: [{ name: 'A', value: '1' }] }] } },
  },
});

async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: { reason: string; message: string } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      const body: unknown = typeof error.body === 'string' && error.body.startsWith('{') ? JSON.parse(error.body) : error.body;
      return { code: error.code, body: body as { reason: string; message: string } };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the Kubernetes API test double', () => {
  it('creates, reads and lists objects by label selector, and records what the client sent', async () => {
    const apps = config.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'floe', body: deployment('web', { tier: 'front', app: 'web' }) });
    await apps.createNamespacedDeployment({ namespace: 'floe', body: deployment('daemon', { tier: 'back', app: 'daemon' }) });
    await apps.createNamespacedDeployment({ namespace: 'other', body: deployment('web') });

    const read = await apps.readNamespacedDeployment({ name: 'web', namespace: 'floe' });
    expect(read.metadata?.uid).toBeTruthy();
    expect(read.metadata?.generation).toBe(1);
    const front = await apps.listNamespacedDeployment({ namespace: 'floe', labelSelector: 'tier in (front,edge),app' });
    expect(front.items.map((item) => item.metadata?.name)).toEqual(['web']);
    const notFront = await apps.listNamespacedDeployment({ namespace: 'floe', labelSelector: 'tier!=front' });
    expect(notFront.items.map((item) => item.metadata?.name)).toEqual(['daemon']);
    const everywhere = await apps.listDeploymentForAllNamespaces({ fieldSelector: 'metadata.name=web' });
    expect(everywhere.items.map((item) => item.metadata?.namespace).sort()).toEqual(['floe', 'other']);

    const [created] = api.requestsTo({ verb: 'create', kind: 'Deployment', namespace: 'floe' });
    expect(created.body).toMatchObject({ metadata: { name: 'web' }, spec: { replicas: 2 } });
    expect(api.get('apps/v1', 'Deployment', 'daemon', 'floe')?.metadata?.labels).toEqual({ tier: 'back', app: 'daemon' });
  });

  it('answers like the real server when an object exists already, is missing, or the token is wrong', async () => {
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'floe', body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    const exists = await apiError(core.createNamespacedConfigMap({ namespace: 'floe', body: { metadata: { name: 'settings' } } }));
    expect(exists).toMatchObject({ code: 409, body: { reason: 'AlreadyExists' } });
    const missing = await apiError(core.readNamespacedConfigMap({ namespace: 'floe', name: 'nope' }));
    expect(missing).toMatchObject({ code: 404, body: { reason: 'NotFound', message: 'configmaps "nope" not found' } });

    const stranger = new KubeConfig();
    stranger.loadFromString(api.kubeconfig().replace(api.token, 'wrong-token'));
    const unauthorized = await apiError(stranger.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'floe' }));
    expect(unauthorized.code).toBe(401);
  });

  it('rejects a write carrying a stale resourceVersion with 409 Conflict (what leader election relies on)', async () => {
    const coordination = config.makeApiClient(CoordinationV1Api);
    const lease = await coordination.createNamespacedLease({
      namespace: 'floe',
      body: { metadata: { name: 'floe-daemon' }, spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15 } },
    });
    const taken = await coordination.replaceNamespacedLease({ name: 'floe-daemon', namespace: 'floe', body: { ...lease, spec: { holderIdentity: 'pod-b', leaseDurationSeconds: 15 } } });
    expect(Number(taken.metadata?.resourceVersion)).toBeGreaterThan(Number(lease.metadata?.resourceVersion));
    const late = await apiError(coordination.replaceNamespacedLease({ name: 'floe-daemon', namespace: 'floe', body: { ...lease, spec: { holderIdentity: 'pod-c' } } }));
    expect(late).toMatchObject({ code: 409, body: { reason: 'Conflict' } });
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'floe-daemon', 'floe')?.spec).toMatchObject({ holderIdentity: 'pod-b' });
  });

  it('applies JSON patches, merge patches and strategic merge patches (containers merged by name)', async () => {
    const apps = config.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'floe', body: deployment('patched') });
    await apps.patchNamespacedDeployment({ name: 'patched', namespace: 'floe', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] });
    await apps.patchNamespacedDeployment(
      { name: 'patched', namespace: 'floe', body: { metadata: { labels: { version: '2' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const patched = await apps.patchNamespacedDeployment(
      { name: 'patched', namespace: 'floe', body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'floe:2', env: [{ name: 'B', value: '2' }] }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.replicas).toBe(3);
    expect(patched.metadata?.labels).toEqual({ version: '2' });
    const [container] = patched.spec?.template.spec?.containers ?? [];
    expect(container.image).toBe('floe:2');
    expect(container.env?.map((variable) => variable.name)).toEqual(['A', 'B']);
    expect(patched.metadata?.generation).toBe(3);
    const bad = await apiError(apps.patchNamespacedDeployment({ name: 'patched', namespace: 'floe', body: [{ op: 'remove', path: '/spec/nothing' }] }));
    expect(bad.code).toBe(422);
  });

  it('keeps status apart: writes to the object keep it, writes to /status change only it', async () => {
    const apps = config.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'floe', body: { ...deployment('statusful'), status: { readyReplicas: 99 } } });
    expect(api.get('apps/v1', 'Deployment', 'statusful', 'floe')?.status).toBeUndefined();
    api.setWorkloadReady('Deployment', 'floe', 'statusful', 1);
    const current = await apps.readNamespacedDeployment({ name: 'statusful', namespace: 'floe' });
    const replaced = await apps.replaceNamespacedDeployment({ name: 'statusful', namespace: 'floe', body: { ...current, status: { readyReplicas: 7 } } });
    expect(replaced.status?.readyReplicas).toBe(1);
    const status = await apps.patchNamespacedDeploymentStatus({ name: 'statusful', namespace: 'floe', body: [{ op: 'replace', path: '/status/readyReplicas', value: 2 }] });
    expect(status.status?.readyReplicas).toBe(2);
  });

  it('streams watch events: ADDED for what exists, then MODIFIED and DELETED, filtered by label', async () => {
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: 'watched', body: { metadata: { name: 'first', labels: { run: 'r1' } }, spec: { containers: [{ name: 'job', image: 'floe' }] } } });
    const events: string[] = [];
    let resolveDeleted: () => void = () => {};
    const deleted = new Promise<void>((resolve) => (resolveDeleted = resolve));
    const controller = await new Watch(config).watch(
      '/api/v1/namespaces/watched/pods',
      { labelSelector: 'run=r1' },
      (type, object: { metadata: { name: string }; status?: { phase?: string } }) => {
        events.push(`${type} ${object.metadata.name} ${object.status?.phase ?? '-'}`);
        if (type === 'DELETED') resolveDeleted();
      },
      () => {},
    );
    await core.createNamespacedPod({ namespace: 'watched', body: { metadata: { name: 'other', labels: { run: 'r2' } }, spec: { containers: [{ name: 'job', image: 'floe' }] } } });
    api.setPodPhase('watched', 'first', 'Running');
    await core.deleteNamespacedPod({ namespace: 'watched', name: 'first' });
    await deleted;
    controller.abort();
    expect(events).toEqual(['ADDED first -', 'MODIFIED first Running', 'DELETED first Running']);
    const since = api.requestsTo({ verb: 'watch' });
    expect(since.at(-1)?.query).toMatchObject({ watch: 'true', labelSelector: 'run=r1' });
  });

  it('serves pod logs: 400 while Pending, the text so far, and a followed stream that ends when the pod finishes', async () => {
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: 'floe', body: { metadata: { name: 'logger' }, spec: { containers: [{ name: 'job', image: 'floe' }] } } });
    const pending = await apiError(core.readNamespacedPodLog({ namespace: 'floe', name: 'logger' }));
    expect(pending).toMatchObject({ code: 400, body: { message: 'container "job" in pod "logger" is waiting to start: ContainerCreating' } });

    api.setPodPhase('floe', 'logger', 'Running');
    api.appendPodLog('floe', 'logger', 'one\ntwo\n');
    expect(await core.readNamespacedPodLog({ namespace: 'floe', name: 'logger', tailLines: 1 })).toBe('two\n');

    let followed = '';
    const ended = new Promise<void>((resolve) => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          followed += chunk.toString();
          if (followed.includes('three')) api.setPodPhase('floe', 'logger', 'Succeeded');
          callback();
        },
      });
      sink.on('finish', () => resolve());
      void new Log(config).log('floe', 'logger', 'job', sink, { follow: true }).then(() => api.appendPodLog('floe', 'logger', 'three\n'));
    });
    await ended;
    expect(followed).toBe('one\ntwo\nthree\n');
  });

  it('plays the Job controller when asked: a Job gets a Pod, finishing it sets conditions, deleting it cascades', async () => {
    api.simulateJobPods();
    const batch = config.makeApiClient(BatchV1Api);
    await batch.createNamespacedJob({
      namespace: 'jobs',
      body: { metadata: { name: 'run-1', labels: { 'floe.dev/run-id': 'r-1' } }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'floe' }] } } } },
    });
    const [pod] = api.list('v1', 'Pod', { namespace: 'jobs', labelSelector: 'job-name=run-1' });
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: 'run-1' });
    api.finishJob('jobs', 'run-1', 'Failed', { exitCode: 3 });
    const job = await batch.readNamespacedJobStatus({ namespace: 'jobs', name: 'run-1' });
    expect(job.status?.conditions?.[0]).toMatchObject({ type: 'Failed', status: 'True' });
    expect(api.get('v1', 'Pod', pod.metadata?.name ?? '', 'jobs')?.status).toMatchObject({ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 3 } } }] });
    await batch.deleteNamespacedJob({ namespace: 'jobs', name: 'run-1', propagationPolicy: 'Background' });
    expect(api.list('v1', 'Pod', { namespace: 'jobs' })).toEqual([]);
  });

  it('serves discovery for the generic object client, and lets tests inject failures', async () => {
    const objects = KubernetesObjectApi.makeApiClient(config);
    await objects.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'floe' }, spec: { minAvailable: 1 } } as never);
    expect(api.get('policy/v1', 'PodDisruptionBudget', 'web', 'floe')).toBeDefined();

    api.intercept({ verb: 'create', kind: 'Secret' }, () => ({ status: 500, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', message: 'etcd is down', code: 500 } }));
    const failure = await apiError(config.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace: 'floe', body: { metadata: { name: 's' } } }));
    expect(failure).toMatchObject({ code: 500, body: { message: 'etcd is down' } });
    expect(api.get('v1', 'Secret', 's', 'floe')).toBeUndefined();
  });
});
