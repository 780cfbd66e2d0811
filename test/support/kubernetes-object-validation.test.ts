/** The strict Kubernetes object check every chart test relies on. */
import { describe, expect, it } from 'vitest';
import { kubernetesObjectProblems } from './kubernetes-object-validation.js';
import { helmBinary, runHelm } from './helm.js';

const deployment = (container: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'floe', anything: 'goes' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'floe:1', ports: [{ containerPort: 3000, name: 'http' }], ...container }] } },
  },
});

describe('kubernetesObjectProblems', () => {
  it('accepts a valid object, free-form maps included', async () => {
    expect(await kubernetesObjectProblems(deployment({ env: [{ name: 'A', value: 'x' }] }))).toEqual([]);
    expect(await kubernetesObjectProblems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v' } })).toEqual([]);
  });

  it('reports a field the schema does not know, with its path', async () => {
    expect(await kubernetesObjectProblems(deployment({ imagePullPolicyy: 'Always' }))).toEqual([
      'Deployment/web: spec.template.spec.containers[0].imagePullPolicyy: unknown field',
    ]);
  });

  it('reports a wrong type and a missing required field', async () => {
    const [wrongType] = await kubernetesObjectProblems(deployment({ ports: [{ containerPort: 'three thousand' }] }));
    expect(wrongType).toMatch(/containerPort/);
    const [missing] = await kubernetesObjectProblems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: {} } });
    expect(missing).toMatch(/selector/);
  });

  it('checks Prometheus operator kinds too, and refuses kinds without a published schema', async () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm' }, spec: { selector: {}, endpoints: [{ port: 'http', intervall: '30s' }] } };
    expect(await kubernetesObjectProblems(monitor)).toEqual(['ServiceMonitor/m: spec.endpoints[0].intervall: unknown field']);
    expect(await kubernetesObjectProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget/w: no published schema for example.com/v1 Widget',
    ]);
  });
});

describe('the helm binary for tests', () => {
  it('is extracted from the npm package and runs', () => {
    expect(helmBinary()).toMatch(/helm$/);
    const version = runHelm(['version', '--short']);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^v\d+\.\d+\./);
  });
});
