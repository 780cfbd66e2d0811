/** `floe platform compile`: Helm values per environment from the manifest, which the real chart renders into valid objects. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerPlatformCommands } from '../../../src/cli/commands/platform-commands.js';
import { runFloe } from '../../cli/product/run-floe.js';
import { expectValidKubernetesObjects } from '../../support/kubernetes-object-validation.js';
import { helmTemplate } from '../../support/helm.js';
import { chartPath, containerOf, envOf, find } from '../charts/rendered-charts.js';
import { platformFolder } from './platform-fixtures.js';

const dir = platformFolder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const floe = (args: string[]) => runFloe([registerPlatformCommands], args);

describe('floe platform compile', () => {
  it('writes the values of an environment: compute, endpoints, daemon mode, services with presets and overlays, ingress', async () => {
    const result = await floe(['platform', 'compile', '--env', 'prod', '--project-dir', dir]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('values-prod.yaml');
    const values = parse(readFileSync(join(dir, '.floe', 'platform', 'values-prod.yaml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading a parsed YAML tree in assertions
    expect(values.environment).toBe('prod');
    expect(values.global).toEqual({
      compute: { type: 'postgres', secretRef: 'warehouse-credentials' },
      observability: { otlpEndpoint: 'http://otel-collector.floe.svc.cluster.local:4318', lineageEndpoint: 'http://marquez.floe.svc.cluster.local:5000', lineageNamespace: 'acme' },
    });
    expect(values.orchestrator.daemon).toEqual({ mode: 'ha', restartTimeoutSeconds: 60, healthCheckIntervalSeconds: 30 });
    expect(values.orchestrator.webserver).toEqual({ replicas: 3, resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } } });
    expect(values.orchestrator.warehouse).toEqual({ enabled: false });
    expect(values.catalog).toEqual({ enabled: true, replicas: 2 });
    expect(values.jaeger).toEqual({ enabled: true });
    expect(values.ingress).toEqual({ enabled: true, hosts: { orchestrator: 'floe.acme.example.com', traces: '', lineage: '' } });
    expect(values.orchestrator.manifest).toContain('name: warehouse-credentials');
    // A service the chart does not know is named, not silently dropped.
    expect(result.err).toContain("FLOE_PLATFORM_UNKNOWN_SERVICE: services.reporting is not a platform service the chart knows");
  });

  it('gives dev its own overlay, and the values render with the real chart into valid objects', async () => {
    expect((await floe(['platform', 'compile', '--env', 'dev', '--project-dir', dir])).code).toBe(0);
    const dev = parse(readFileSync(join(dir, '.floe', 'platform', 'values-dev.yaml'), 'utf8')) as { orchestrator: { webserver: { replicas: number } } };
    expect(dev.orchestrator.webserver.replicas).toBe(2);
    const objects = helmTemplate(chartPath('floe-platform'), { namespace: 'floe', valuesFiles: [join(dir, '.floe', 'platform', 'values-prod.yaml')] }) as never[];
    await expectValidKubernetesObjects(objects);
    const webserver = find(objects, 'Deployment', 'orchestrator-webserver');
    expect(webserver.spec?.replicas).toBe(3);
    expect(envOf(containerOf(webserver, 'webserver')).OPENLINEAGE_NAMESPACE).toBe('acme');
    expect(find(objects, 'Deployment', 'orchestrator-daemon').spec?.replicas).toBe(2);
    expect(find(objects, 'ConfigMap', 'floe-manifest')).toBeDefined();
  });

  it('refuses a folder without a manifest', async () => {
    const result = await floe(['platform', 'compile', '--project-dir', join(dir, 'nowhere')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE_NO_MANIFEST');
  });
});
