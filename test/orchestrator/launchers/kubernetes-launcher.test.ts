/**
 * The Kubernetes launcher and the Lease election, against the project's
 * local HTTP TEST DOUBLE of the Kubernetes API (test/support; no cluster
 * here): the Job it sends (validated as a Kubernetes object, strict about
 * unknown fields), what it reads back from Jobs, Pods and pod logs, cancel by
 * deletion, and the Lease with resourceVersion conflicts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesLauncher } from '../../../src/orchestrator/launchers/kubernetes/kubernetes-launcher.js';
import { KubernetesLeaseElection } from '../../../src/orchestrator/election/kubernetes-lease-election.js';
import { monitorRuns, ProductPolicies, registerBundle, triggerRun, type Run, type StateStore } from '../../../src/orchestrator/index.js';
import { KubernetesApiDouble } from '../../support/kubernetes-api-double.js';
import { expectValidKubernetesObjects } from '../../support/kubernetes-object-validation.js';
import { sqliteBackend } from '../state/state-store-backends.js';
import { tinyBundle } from '../support/tiny-products.js';
import { waitFor } from '../support/wait-for.js';

let api: KubernetesApiDouble;
const backend = sqliteBackend();
let store: StateStore;
let bundle: Awaited<ReturnType<typeof tinyBundle>>;
const launchers: KubernetesLauncher[] = [];

beforeAll(async () => {
  api = await KubernetesApiDouble.start();
  api.simulateJobPods();
  bundle = await tinyBundle();
  bundle.product.remove();
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  await Promise.all(launchers.splice(0).map((launcher) => launcher.close()));
  await backend.cleanup();
});

async function launcher(): Promise<KubernetesLauncher> {
  const created = await KubernetesLauncher.create({ store, kubeConfig: api.kubeConfig('data'), settings: { image: 'ghcr.io/floe/floe:0.1.0', databaseSecret: { name: 'floe-db', key: 'url' } } });
  launchers.push(created);
  return created;
}

async function startingRun(): Promise<Run> {
  ({ store } = await backend.freshStore());
  await registerBundle(store, bundle.bytes);
  await triggerRun(store, { product: 'tiny-shop' });
  const [run] = await store.queue.claimRuns({ maxActive: 1, perProductLimit: () => 1, launcher: 'kubernetes' });
  return run;
}

const podOf = (run: Run) => api.list('v1', 'Pod', { namespace: 'data', labelSelector: `floe.dev/run-id=${run.id}` })[0];

describe('the Kubernetes launcher (against the API test double)', () => {
  it('sends one valid batch/v1 Job per run, with references to Secrets and never their values', async () => {
    const run = await startingRun();
    const k8s = await launcher();
    expect(k8s.namespace).toBe('data');
    expect(await k8s.launch(run, { traceContext: { TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } })).toEqual({ namespace: 'data', job: `floe-run-${run.id}` });
    // A second leader launching the same run creates nothing new.
    await k8s.launch(run, {});
    expect(api.list('batch/v1', 'Job', { namespace: 'data' })).toHaveLength(1);

    const sent = api.requestsTo({ verb: 'create', kind: 'Job' }).map((request) => request.body);
    await expectValidKubernetesObjects(sent);
    const job = sent[0] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a Job as JSON, read by path in the assertions
    expect(job.metadata.labels).toMatchObject({ 'floe.dev/run-id': run.id, 'floe.dev/product': 'tiny-shop', 'app.kubernetes.io/name': 'floe', 'app.kubernetes.io/component': 'pipeline-job', 'app.kubernetes.io/managed-by': 'floe-orchestrator' });
    expect(job.spec).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 3600, activeDeadlineSeconds: 14400 });
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
    const [container] = pod.containers;
    expect(container).toMatchObject({
      image: 'ghcr.io/floe/floe:0.1.0',
      command: ['floe', 'job', 'run', '--run-id', run.id],
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    });
    expect(container.env).toContainEqual({ name: 'FLOE_DATABASE_URL', valueFrom: { secretKeyRef: { name: 'floe-db', key: 'url' } } });
    expect(container.env).toContainEqual({ name: 'FLOE_WAREHOUSE_DIR', value: '/warehouse' });
    expect(container.env).toContainEqual({ name: 'TRACEPARENT', value: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(container.env.every((entry: { value?: string }) => !String(entry.value ?? '').includes('postgres://'))).toBe(true);
  });

  it('reads the pod: pending, running, OOM-killed (with its last log lines), evicted, and a Job that vanished', async () => {
    const run = await startingRun();
    const k8s = await launcher();
    await k8s.launch(run, {});
    await store.queue.recordLaunch(run.id, { namespace: 'data', job: `floe-run-${run.id}` });
    const pod = podOf(run);
    expect((await k8s.inspect(run)).state).toBe('pending');
    api.setPodPhase('data', pod.metadata!.name!, 'Running');
    await waitFor('the watch to see the pod running', async () => (await k8s.inspect(run)).state === 'running', 5000);
    api.appendPodLog('data', pod.metadata!.name!, 'unpacking the bundle\nloading shop\n', 'job');
    api.setPodPhase('data', pod.metadata!.name!, 'Failed', { exitCode: 137, reason: 'OOMKilled' });
    const failed = await waitFor('the failure', async () => {
      const status = await k8s.inspect(run);
      return status.state === 'failed' ? status : undefined;
    }, 5000);
    expect(failed).toMatchObject({ reason: 'OOMKilled', lastLogLines: ['unpacking the bundle', 'loading shop'] });

    // The monitor ends the run with that reason.
    const [ended] = await monitorRuns(store, k8s, { now: new Date(), policies: new ProductPolicies(store), stopping: new Map() });
    expect(ended).toMatchObject({ id: run.id, status: 'FAILURE', failureKind: 'infrastructure', error: expect.stringContaining('OOMKilled') });
    expect((await store.getEvents(run.id)).at(-1)?.data).toMatchObject({ reason: 'job-died', jobReason: 'OOMKilled', lastLogLines: ['unpacking the bundle', 'loading shop'] });

    api.setPodPhase('data', pod.metadata!.name!, 'Failed', { reason: 'Evicted', message: 'The node was low on resource: memory.' });
    await waitFor('the eviction', async () => (await k8s.inspect(run)).reason === 'Evicted', 5000);
    api.remove('batch/v1', 'Job', `floe-run-${run.id}`, 'data');
    expect(await k8s.inspect(run)).toMatchObject({ state: 'gone', reason: expect.stringContaining('deleted') });
  });

  it('stops a run by deleting its Job, and reads a finished Job as succeeded', async () => {
    const run = await startingRun();
    const k8s = await launcher();
    await k8s.launch(run, {});
    api.finishJob('data', `floe-run-${run.id}`, 'Succeeded');
    expect((await k8s.inspect(run)).state).toBe('succeeded');
    await k8s.stop(run);
    await k8s.stop(run);
    expect(api.get('batch/v1', 'Job', `floe-run-${run.id}`, 'data')).toBeUndefined();
    expect(api.requestsTo({ verb: 'delete', kind: 'Job' }).length).toBeGreaterThanOrEqual(1);
  });

  it('refuses to start without an image', async () => {
    ({ store } = await backend.freshStore());
    await expect(KubernetesLauncher.create({ store, kubeConfig: api.kubeConfig('data'), settings: {}, watch: false })).rejects.toMatchObject({ code: 'FLOE_KUBERNETES_NO_IMAGE' });
  });
});

describe('the Lease election (against the API test double)', () => {
  const timings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 };

  it('elects one holder; a standby takes an expired Lease with the next term, recorded as the fence', async () => {
    ({ store } = await backend.freshStore());
    let clock = Date.now();
    const now = () => new Date(clock);
    const a = await KubernetesLeaseElection.create({ store, holder: 'a', namespace: 'lease-test', kubeConfig: api.kubeConfig(), timings, now });
    const b = await KubernetesLeaseElection.create({ store, holder: 'b', namespace: 'lease-test', kubeConfig: api.kubeConfig(), timings, now });
    const [la, lb] = await Promise.all([a.campaign(), b.campaign()]);
    expect([la.leader, lb.leader].filter(Boolean)).toHaveLength(1);
    const [leader, standby] = la.leader ? [a, b] : [b, a];
    const first = la.leader ? la : lb;
    expect(first.term).toBe(1);
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'floe-daemon', 'lease-test')?.spec).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
    expect((await leader.campaign()).leader).toBe(true);
    expect((await standby.campaign()).leader).toBe(false);

    // The leader stops renewing; 16 s later the standby tries to take it — but the leader renews
    // between the standby's read and its write: the standby's resourceVersion is stale, 409, no takeover.
    clock += 16_000;
    let renewedMeanwhile = false;
    api.intercept({ verb: 'update', kind: 'Lease' }, () => {
      if (renewedMeanwhile) return undefined;
      renewedMeanwhile = true;
      const stored = api.get('coordination.k8s.io/v1', 'Lease', 'floe-daemon', 'lease-test')!;
      api.put({ ...stored, spec: { ...(stored.spec as object), renewTime: new Date(clock).toISOString() } });
      return undefined;
    });
    expect((await standby.campaign()).leader).toBe(false);
    expect(renewedMeanwhile).toBe(true);
    clock += 16_000;
    const next = await standby.campaign();
    expect(next).toMatchObject({ leader: true, term: 2 });
    expect(api.get('coordination.k8s.io/v1', 'Lease', 'floe-daemon', 'lease-test')?.spec).toMatchObject({ leaseTransitions: 1 });
    expect((await store.daemons.getLease('floe-daemon'))?.term).toBe(2);
    // The old leader comes back: its write conflicts or finds the Lease taken; its old fence is refused by the store.
    expect((await leader.campaign()).leader).toBe(false);
    await expect(store.queue.claimRuns({ maxActive: 1, perProductLimit: () => 1, launcher: 'x', fence: first.fence! })).rejects.toMatchObject({ code: 'FLOE_STATE_FENCED' });

    await standby.release();
    expect((await leader.campaign())).toMatchObject({ leader: true, term: 3 });
    await leader.release();
  });
});
