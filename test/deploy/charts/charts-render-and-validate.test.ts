/**
 * Every chart, with every values file it ships: `helm lint --strict`,
 * `helm template`, and every rendered object validated as a Kubernetes object
 * (kubernetes-models, strict about unknown fields). Uses the real helm binary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHelm } from '../../support/helm.js';
import { expectValidKubernetesObjects } from '../../support/kubernetes-object-validation.js';
import { CHARTS_DIR, chartPath, podSpecOf, render, WORKLOAD_KINDS } from './rendered-charts.js';

const NAMESPACES: Record<string, string> = { 'floe-platform': 'floe-platform', 'floe-domain': 'floe-sales-domain', 'floe-jobs': 'floe' };
const VALUES: Record<string, string[]> = {
  'floe-platform': ['dev', 'staging', 'prod', 'mesh'],
  'floe-domain': ['dev', 'staging', 'prod', 'mesh'],
  'floe-jobs': ['dev', 'staging', 'prod', 'mesh'],
};
const cases = Object.entries(VALUES).flatMap(([chart, environments]) => environments.map((environment) => ({ chart, environment })));

describe.each(cases)('$chart with values-$environment.yaml', ({ chart, environment }) => {
  it('passes helm lint --strict', () => {
    const result = runHelm(['lint', '--strict', chartPath(chart), '--namespace', NAMESPACES[chart], '--values', join(chartPath(chart), `values-${environment}.yaml`)]);
    expect(result.stdout + result.stderr).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(result.status).toBe(0);
  });

  it('renders only valid Kubernetes objects, each pod under restricted security', async () => {
    const objects = render(chart, environment, { namespace: NAMESPACES[chart] });
    expect(objects.length).toBeGreaterThan(0);
    await expectValidKubernetesObjects(objects);
    // Restricted Pod Security Standard: every pod and container.
    for (const object of objects.filter((candidate) => WORKLOAD_KINDS.includes(candidate.kind))) {
      const pod = podSpecOf(object);
      expect(pod?.securityContext, `${object.kind}/${object.metadata.name}`).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
        expect(container.securityContext, `${object.metadata.name}/${container.name}`).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources?.limits?.memory, `${object.metadata.name}/${container.name} memory limit`).toBeDefined();
      }
    }
  });

  it('names secrets and never carries a secret value', () => {
    const objects = render(chart, environment, { namespace: NAMESPACES[chart] });
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    for (const object of objects.filter((candidate) => WORKLOAD_KINDS.includes(candidate.kind))) {
      const pod = podSpecOf(object);
      for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
        for (const variable of container.env ?? []) {
          if (/PASSWORD|TOKEN|SECRET|KEY_ID/.test(variable.name)) expect(variable.valueFrom?.secretKeyRef, `${container.name} ${variable.name}`).toBeDefined();
        }
      }
    }
  });
});

describe('values.schema.json', () => {
  const charts = Object.keys(VALUES);

  it('is generated from values.yaml and current', () => {
    expect(() => execFileSync('node', [join(CHARTS_DIR, '..', 'scripts', 'generate-chart-schemas.js'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it.each(charts)('%s: every key has a description and a default, and objects are strict', (chart) => {
    const schema = JSON.parse(readFileSync(join(chartPath(chart), 'values.schema.json'), 'utf8')) as Record<string, unknown>;
    const problems: string[] = [];
    const visit = (node: Record<string, unknown>, path: string): void => {
      for (const [key, property] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!property.description) problems.push(`${path}${key}: no description`);
        if (!('default' in property)) problems.push(`${path}${key}: no default`);
        if (property.type === 'object' && property.properties && property.additionalProperties !== false) problems.push(`${path}${key}: not strict`);
        visit(property, `${path}${key}.`);
      }
    };
    visit(schema, '');
    expect(problems).toEqual([]);
  });

  it.each(charts)('%s: helm refuses a key the chart does not know', (chart) => {
    const result = runHelm(['template', 'x', chartPath(chart), '--namespace', NAMESPACES[chart], '--values', join(chartPath(chart), 'values-dev.yaml'), '--set', 'orchestratorr.enabled=true']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/additional propert(y|ies) 'orchestratorr' not allowed/);
  });
});
