/**
 * `floe platform status` and `floe platform logs`, against a local TEST
 * DOUBLE of the Kubernetes API: workloads with their status, Services
 * answering through the API server's service proxy, pods with logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPlatformCommands } from '../../../src/cli/commands/platform-commands.js';
import { runFloe } from '../../cli/product/run-floe.js';
import { KubernetesApiDouble } from '../../support/kubernetes-api-double.js';
import { createWorkloads, makeReady } from './platform-fixtures.js';

let api: KubernetesApiDouble;
let kubeconfig: string;
const scratch = mkdtempSync(join(tmpdir(), 'floe-status-'));
let heartbeatAge = 4;
let healthStatus = 200;

beforeAll(async () => {
  api = await KubernetesApiDouble.start();
  kubeconfig = api.writeKubeconfig(scratch, 'floe');
  for (const component of ['postgresql', 'otel-collector', 'marquez', 'marquez-web', 'orchestrator-webserver', 'orchestrator-daemon']) {
    createWorkloads(api, component);
    makeReady(api, component);
  }
  api.serveServiceProxy('floe', 'orchestrator', (path) => {
    if (path === '/health') return { status: healthStatus, body: healthStatus === 200 ? 'ok' : 'store unreachable' };
    if (path === '/metrics') return { status: 200, body: `# TYPE floe_daemon_heartbeat_age_seconds gauge\nfloe_daemon_heartbeat_age_seconds{pod="orchestrator-daemon-a"} ${heartbeatAge}\nfloe_daemon_heartbeat_age_seconds{pod="orchestrator-daemon-b"} 1\n` };
    return { status: 404, body: 'not found' };
  });
});
afterAll(async () => {
  await api.close();
  rmSync(scratch, { recursive: true, force: true });
});

const floe = (args: string[]) => runFloe([registerPlatformCommands], [...args, '--kubeconfig', kubeconfig]);

describe('floe platform status', () => {
  it('shows ready/total per component, the orchestrator health and the daemon heartbeat age', async () => {
    const result = await floe(['platform', 'status']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('release floe in floe');
    expect(result.out).toMatch(/storage\s+1\/1\n/);
    expect(result.out).toMatch(/observability\s+4\/4\n/);
    expect(result.out).toMatch(/orchestrator\s+5\/5 {2}\/health ok/);
    expect(result.out).toContain('daemon heartbeat 4 s ago');
    expect(api.requestsTo({ verb: 'proxy' }).map((request) => `${request.name} ${request.proxyPath}`)).toEqual(expect.arrayContaining(['orchestrator:3000 /health', 'orchestrator:3000 /metrics']));
  });

  it('--json gives the same, machine-readable', async () => {
    const result = await floe(['platform', 'status', '--json']);
    const status = JSON.parse(result.out) as { components: { name: string; ready: number; total: number; workloads: { name: string }[]; health?: { ok: boolean } }[]; daemon: { heartbeatAgeSeconds: number } };
    expect(status.components.map((component) => [component.name, component.ready, component.total])).toEqual([
      ['storage', 1, 1],
      ['observability', 4, 4],
      ['orchestrator', 5, 5],
    ]);
    expect(status.components[2].health).toEqual({ path: '/health', ok: true, status: 200 });
    expect(status.daemon).toEqual({ heartbeatAgeSeconds: 4 });
  });

  it('exits 1 when a component is short of replicas or unhealthy, and flags a stale heartbeat', async () => {
    makeReady(api, 'orchestrator-webserver', 'floe', 1);
    healthStatus = 503;
    heartbeatAge = 95;
    const result = await floe(['platform', 'status']);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/orchestrator\s+3\/5 {2}\/health failing \(503\)/);
    expect(result.out).toContain('daemon heartbeat 95 s ago (stale)');
    makeReady(api, 'orchestrator-webserver');
    healthStatus = 200;
    heartbeatAge = 4;
  });

  it('says when nothing of the release is deployed', async () => {
    const result = await floe(['platform', 'status', '--release', 'other']);
    expect(result.out).toContain('nothing deployed');
  });
});

describe('floe platform logs', () => {
  const pod = (name: string, component: string) =>
    api.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'floe', labels: { 'app.kubernetes.io/instance': 'floe', 'app.kubernetes.io/component': component } },
      spec: { containers: [{ name: component.replace('orchestrator-', ''), image: 'floe' }] },
    });

  beforeAll(() => {
    pod('orchestrator-webserver-1', 'orchestrator-webserver');
    pod('orchestrator-daemon-1', 'orchestrator-daemon');
    api.setPodPhase('floe', 'orchestrator-webserver-1', 'Running');
    api.setPodPhase('floe', 'orchestrator-daemon-1', 'Running');
    api.appendPodLog('floe', 'orchestrator-webserver-1', 'listening on :3000\nGET /ready 200\n');
    api.appendPodLog('floe', 'orchestrator-daemon-1', 'leader elected\ntick 06:00\n');
  });

  it('prints the logs of every pod of a component, each line prefixed with its pod', async () => {
    const result = await floe(['platform', 'logs', 'orchestrator']);
    expect(result.code, result.err).toBe(0);
    const lines = result.out.trim().split('\n').sort();
    expect(lines).toEqual(['[orchestrator-daemon-1] leader elected', '[orchestrator-daemon-1] tick 06:00', '[orchestrator-webserver-1] GET /ready 200', '[orchestrator-webserver-1] listening on :3000']);
    const tail = await floe(['platform', 'logs', 'orchestrator-daemon', '--tail', '1']);
    expect(tail.out.trim()).toBe('[orchestrator-daemon-1] tick 06:00');
  });

  it('--follow streams new lines until the pod stops', async () => {
    setTimeout(() => api.appendPodLog('floe', 'orchestrator-daemon-1', 'tick 07:00\n'), 100);
    setTimeout(() => api.setPodPhase('floe', 'orchestrator-daemon-1', 'Succeeded'), 250);
    const result = await floe(['platform', 'logs', 'orchestrator-daemon', '--follow']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('[orchestrator-daemon-1] tick 07:00');
    const [follow] = api.requestsTo({ verb: 'log', name: 'orchestrator-daemon-1' }).slice(-1);
    expect(follow.query).toMatchObject({ follow: 'true', container: 'daemon' });
  });

  it('refuses a component it does not know, and says when there are no pods', async () => {
    const unknown = await floe(['platform', 'logs', 'orchestrater']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("FLOE_PLATFORM_UNKNOWN_COMPONENT: 'orchestrater' is not a platform component or workload");
    const none = await floe(['platform', 'logs', 'catalog']);
    expect(none.err).toContain('FLOE_PLATFORM_NO_PODS: no pods of catalog in floe (release floe)');
  });
});
