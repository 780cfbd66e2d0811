/**
 * `floe platform deploy|upgrade`: against a local TEST DOUBLE of the
 * Kubernetes API (through a kubeconfig, with @kubernetes/client-node) and a
 * STAND-IN `helm` that records its arguments. The test plays helm and the
 * controllers: when helm is called, the workloads of the components it was
 * not told to hold back appear, and become ready a moment later.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { registerPlatformCommands } from '../../../src/cli/commands/platform-commands.js';
import { Cluster, deployPlatform, effectiveChartValues, type DeployEvent } from '../../../src/deploy/index.js';
import { runFloe } from '../../cli/product/run-floe.js';
import { KubernetesApiDouble } from '../../support/kubernetes-api-double.js';
import { createStandIns, pathWithout, type StandIn } from '../../support/stand-in-commands.js';
import { createWorkloads, makeReady, platformFolder } from './platform-fixtures.js';

let api: KubernetesApiDouble;
let kubeconfig: string;
let helm: StandIn;
const dir = platformFolder();
const scratch = mkdtempSync(join(tmpdir(), 'floe-deploy-'));

beforeAll(async () => {
  api = await KubernetesApiDouble.start();
  kubeconfig = api.writeKubeconfig(scratch, 'floe');
  helm = createStandIns({ helm: { stdout: 'v3.17.0\n' } });
  const compiled = await runFloe([registerPlatformCommands], ['platform', 'compile', '--env', 'prod', '--project-dir', dir]);
  expect(compiled.code, compiled.err).toBe(0);
});
afterAll(async () => {
  await api.close();
  helm.remove();
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet'] as const) for (const object of api.list('apps/v1', kind, { namespace: 'floe' })) api.remove('apps/v1', kind, object.metadata?.name ?? '', 'floe');
});

const valuesFile = () => join(dir, '.floe', 'platform', 'values-prod.yaml');
const values = () => effectiveChartValues(parse(readFileSync(valuesFile(), 'utf8')) as Record<string, unknown>);
const ALL = ['postgresql', 'polaris', 'otel-collector', 'jaeger', 'marquez', 'marquez-web', 'orchestrator-webserver', 'orchestrator-daemon'];
const HOLDS: Record<string, string[]> = {
  'catalog.enabled': ['polaris'],
  'otelCollector.enabled': ['otel-collector'],
  'jaeger.enabled': ['jaeger'],
  'lineage.enabled': ['marquez', 'marquez-web'],
  'orchestrator.enabled': ['orchestrator-webserver', 'orchestrator-daemon'],
};

/** What helm + the controllers do with one `helm upgrade` call: every component not held back appears, and is ready shortly after. */
function playHelm(event: DeployEvent): void {
  if (event.type !== 'helm' || event.skipped) return;
  const held = new Set(event.args.flatMap((arg, index) => (event.args[index - 1] === '--set' && arg.endsWith('=false') ? (HOLDS[arg.split('=')[0]] ?? []) : [])));
  const appearing = ALL.filter((component) => !held.has(component));
  setTimeout(() => {
    for (const component of appearing) createWorkloads(api, component);
    setTimeout(() => appearing.forEach((component) => makeReady(api, component)), 30);
  }, 10);
}

describe('deploying the platform', () => {
  it('installs in startup order — storage, catalog, observability, orchestrator — waiting for each before the next', async () => {
    const events: DeployEvent[] = [];
    const deployed = await deployPlatform({
      values: values(),
      valuesFile: valuesFile(),
      chartDir: '/charts/floe-platform',
      release: 'floe',
      namespace: 'floe',
      cluster: new Cluster({ kubeconfig, namespace: 'floe' }),
      environment: { ...process.env, PATH: helm.path },
      pollIntervalMs: 20,
      onEvent: (event) => {
        events.push(event);
        playHelm(event);
      },
    });
    expect(deployed).toEqual([
      { name: 'storage', ready: 1, total: 1 },
      { name: 'catalog', ready: 2, total: 2 },
      { name: 'observability', ready: 5, total: 5 },
      { name: 'orchestrator', ready: 5, total: 5 },
    ]);
    const sets = helm.calls('helm').map((args) => args.filter((_, index) => args[index - 1] === '--set'));
    expect(sets).toEqual([
      ['catalog.enabled=false', 'otelCollector.enabled=false', 'jaeger.enabled=false', 'lineage.enabled=false', 'orchestrator.enabled=false'],
      ['otelCollector.enabled=false', 'jaeger.enabled=false', 'lineage.enabled=false', 'orchestrator.enabled=false'],
      ['orchestrator.enabled=false'],
      [],
    ]);
    expect(helm.calls('helm')[0].slice(0, 9)).toEqual(['upgrade', '--install', 'floe', '/charts/floe-platform', '--namespace', 'floe', '--create-namespace', '--values', valuesFile()]);
    // Each component was ready before the next helm call.
    const order = events.filter((event) => event.type !== 'waiting').map((event) => `${event.type} ${event.component}`);
    expect(order).toEqual(['helm storage', 'ready storage', 'helm catalog', 'ready catalog', 'helm observability', 'ready observability', 'helm orchestrator', 'ready orchestrator']);
  });

  it('redeploys a running platform with one upgrade, switching nothing off, and upgrades the image tag', async () => {
    for (const component of ALL) {
      createWorkloads(api, component);
      makeReady(api, component);
    }
    const before = helm.calls('helm').length;
    const previous = process.env.PATH;
    process.env.PATH = helm.path;
    const result = await runFloe([registerPlatformCommands], ['platform', 'upgrade', '--version', '0.2.0', '--env', 'prod', '--project-dir', dir, '--kubeconfig', kubeconfig], {});
    process.env.PATH = previous;
    expect(result.code, result.err).toBe(0);
    const calls = helm.calls('helm').slice(before);
    expect(calls.filter((args) => args[0] === 'upgrade')).toHaveLength(1);
    expect(calls.find((args) => args[0] === 'upgrade')).toEqual(expect.arrayContaining(['--set', 'image.tag=0.2.0']));
    expect(calls.find((args) => args[0] === 'upgrade')?.join(' ')).not.toContain('=false');
    expect(result.out).toMatch(/storage\s+ready 1\/1 {2}postgresql 1\/1/);
    expect(result.out).toMatch(/orchestrator\s+ready 5\/5 {2}orchestrator-webserver 3\/3, orchestrator-daemon 2\/2/);
    expect(result.out).toContain('deployed storage, catalog, observability, orchestrator to floe (release floe)');
  }, 30_000);

  it('stops with the workloads that are not ready when a component does not come up in time', async () => {
    createWorkloads(api, 'postgresql');
    makeReady(api, 'postgresql');
    createWorkloads(api, 'polaris');
    makeReady(api, 'polaris', 'floe', 1);
    const failure = deployPlatform({
      values: values(),
      valuesFile: valuesFile(),
      chartDir: '/charts/floe-platform',
      release: 'floe',
      namespace: 'floe',
      components: ['catalog'],
      cluster: new Cluster({ kubeconfig, namespace: 'floe' }),
      environment: { ...process.env, PATH: helm.path },
      pollIntervalMs: 20,
      timeoutMs: 200,
    });
    await expect(failure).rejects.toMatchObject({ code: 'FLOE_PLATFORM_NOT_READY', message: 'catalog did not become ready in 0 s: Deployment/polaris 1/2 ready' });
  });

  it('stops at once when the migration Job failed, pointing at its log', async () => {
    for (const component of ALL) createWorkloads(api, component);
    for (const component of ALL.filter((name) => !name.startsWith('orchestrator'))) makeReady(api, component);
    api.put({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'orchestrator-migrate-3', namespace: 'floe', labels: { 'app.kubernetes.io/instance': 'floe', 'app.kubernetes.io/component': 'orchestrator-migration' } },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'floe' }] } } },
    });
    api.finishJob('floe', 'orchestrator-migrate-3', 'Failed', { message: 'Job has reached the specified backoff limit' });
    const failure = deployPlatform({
      values: values(),
      valuesFile: valuesFile(),
      chartDir: '/charts/floe-platform',
      release: 'floe',
      namespace: 'floe',
      components: ['orchestrator'],
      cluster: new Cluster({ kubeconfig, namespace: 'floe' }),
      environment: { ...process.env, PATH: helm.path },
      pollIntervalMs: 20,
      timeoutMs: 5_000,
    });
    await expect(failure).rejects.toMatchObject({
      code: 'FLOE_PLATFORM_JOB_FAILED',
      message: 'orchestrator: Job orchestrator-migrate-3 failed (Job has reached the specified backoff limit)',
      hint: 'read its log: floe platform logs orchestrator-migration',
    });
    api.remove('batch/v1', 'Job', 'orchestrator-migrate-3', 'floe');
  });

  it('--dry-run prints every helm command and touches neither helm nor the cluster', async () => {
    const before = { helm: helm.calls('helm').length, api: api.requests.length };
    const result = await runFloe([registerPlatformCommands], ['platform', 'deploy', '--dry-run', '--env', 'prod', '--project-dir', dir, '--namespace', 'floe']);
    expect(result.code, result.err).toBe(0);
    const lines = result.out.split('\n').filter((line) => line.includes('helm upgrade'));
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['storage', 'catalog', 'observability', 'orchestrator']);
    expect(lines[0]).toContain('--set catalog.enabled=false');
    expect(helm.calls('helm').length).toBe(before.helm);
    expect(api.requests.length).toBe(before.api);
  });

  it('says so when helm is missing or fails, and when the cluster cannot be read', async () => {
    const previous = process.env.PATH;
    process.env.PATH = pathWithout('helm');
    const missing = await runFloe([registerPlatformCommands], ['platform', 'deploy', '--env', 'prod', '--project-dir', dir, '--kubeconfig', kubeconfig]);
    process.env.PATH = previous;
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('FLOE_HELM_MISSING: helm is not on the PATH');

    const broken = createStandIns({ helm: { exitCode: 1, stderr: 'Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n' } });
    const failing = deployPlatform({ values: values(), valuesFile: valuesFile(), chartDir: '/c', release: 'floe', namespace: 'floe', cluster: new Cluster({ kubeconfig }), environment: { ...process.env, PATH: broken.path } });
    await expect(failing).rejects.toMatchObject({ code: 'FLOE_HELM_FAILED', message: expect.stringContaining('another operation (install/upgrade/rollback) is in progress') });
    broken.remove();

    const stranger = join(scratch, 'stranger.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(stranger, api.kubeconfig('floe').replace(api.token, 'not-the-token'));
    await expect(new Cluster({ kubeconfig: stranger }).workloads('floe')).rejects.toMatchObject({ code: 'FLOE_KUBERNETES_API', message: expect.stringContaining('HTTP 401') });
  });
});
