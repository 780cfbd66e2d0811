/** A platform folder and a Kubernetes API test double dressed as a cluster running (parts of) the floe-platform chart. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesApiDouble } from '../../support/kubernetes-api-double.js';

export const PLATFORM_MANIFEST = `apiVersion: floe.dev/v1
kind: Manifest
metadata: {name: acme-platform, version: 2.0.0}
plugins:
  compute: {type: postgres}
  orchestrator: {type: floe}
  catalog: {type: polaris}
  telemetry_backend: {type: jaeger}
  lineage_backend: {type: marquez}
compute:
  approved:
    - name: warehouse
      type: postgres
      config: {host: warehouse.internal, port: 5432, database: analytics, user: floe}
      connection_secret_ref: {source: kubernetes, name: warehouse-credentials, key: password}
  default: warehouse
observability:
  tracing: {enabled: true, exporter: otlp, endpoint: "http://otel-collector.floe.svc.cluster.local:4318"}
  lineage: {enabled: true, transport: http, endpoint: "http://marquez.floe.svc.cluster.local:5000", namespace: acme}
orchestrator:
  daemon: {mode: ha, restart_timeout: 60, health_check_interval: 30}
  launcher: kubernetes
services:
  orchestrator-webserver:
    replicas: 2
    resources: medium
    ingress: {enabled: true, host: floe.acme.example.com}
  catalog: {replicas: 2}
  lineage: {replicas: 2}
  reporting: {replicas: 1}
environments:
  prod:
    services:
      orchestrator-webserver: {replicas: 3}
`;

export function platformFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-platform-'));
  writeFileSync(join(dir, 'manifest.yaml'), PLATFORM_MANIFEST);
  return dir;
}

/** The workloads of each chart component, as the chart names and labels them. */
export const WORKLOADS: Record<string, { kind: 'Deployment' | 'StatefulSet' | 'DaemonSet'; name: string; replicas: number }[]> = {
  postgresql: [{ kind: 'StatefulSet', name: 'postgresql', replicas: 1 }],
  polaris: [{ kind: 'Deployment', name: 'polaris', replicas: 2 }],
  'otel-collector': [{ kind: 'Deployment', name: 'otel-collector', replicas: 1 }],
  jaeger: [{ kind: 'Deployment', name: 'jaeger', replicas: 1 }],
  marquez: [{ kind: 'Deployment', name: 'marquez', replicas: 2 }],
  'marquez-web': [{ kind: 'Deployment', name: 'marquez-web', replicas: 1 }],
  'orchestrator-webserver': [{ kind: 'Deployment', name: 'orchestrator-webserver', replicas: 3 }],
  'orchestrator-daemon': [{ kind: 'Deployment', name: 'orchestrator-daemon', replicas: 2 }],
};

/** Creates a component's workloads in the double (not ready yet), as `helm upgrade` would. */
export function createWorkloads(api: KubernetesApiDouble, component: string, namespace = 'floe', release = 'floe'): void {
  for (const workload of WORKLOADS[component] ?? []) {
    if (api.get('apps/v1', workload.kind, workload.name, namespace)) continue;
    api.put({
      apiVersion: 'apps/v1',
      kind: workload.kind,
      metadata: { name: workload.name, namespace, labels: { 'app.kubernetes.io/instance': release, 'app.kubernetes.io/component': component } },
      spec: {
        ...(workload.kind === 'DaemonSet' ? {} : { replicas: workload.replicas }),
        selector: { matchLabels: { 'app.kubernetes.io/component': component } },
        template: { metadata: { labels: { 'app.kubernetes.io/component': component } }, spec: { containers: [{ name: component, image: 'floe' }] } },
      },
    });
  }
}

/** The controllers report every replica of the component ready. */
export function makeReady(api: KubernetesApiDouble, component: string, namespace = 'floe', ready?: number): void {
  for (const workload of WORKLOADS[component] ?? []) api.setWorkloadReady(workload.kind, namespace, workload.name, ready ?? workload.replicas);
}
