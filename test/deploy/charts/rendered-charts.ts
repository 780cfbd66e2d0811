/** Renders floe's charts with the real helm and finds objects in the result. */
import { join } from 'node:path';
import { helmTemplate, type TemplateOptions } from '../../support/helm.js';

export const CHARTS_DIR = join(import.meta.dirname, '..', '..', '..', 'charts');
export const chartPath = (chart: string): string => join(CHARTS_DIR, chart);

export type RenderedObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
};

const cache = new Map<string, RenderedObject[]>();

/** `helm template` of a chart with one of its values files (e.g. 'prod' → values-prod.yaml). */
export function render(chart: string, environment?: string, options: TemplateOptions = {}): RenderedObject[] {
  const key = JSON.stringify([chart, environment, options]);
  let objects = cache.get(key);
  if (!objects) {
    const valuesFiles = [...(environment ? [join(chartPath(chart), `values-${environment}.yaml`)] : []), ...(options.valuesFiles ?? [])];
    objects = helmTemplate(chartPath(chart), { ...options, valuesFiles }) as RenderedObject[];
    cache.set(key, objects);
  }
  return objects;
}

export function find(objects: RenderedObject[], kind: string, name: string): RenderedObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among: ${objects.map((object) => `${object.kind}/${object.metadata.name}`).join(', ')}`);
  return found;
}

export function has(objects: RenderedObject[], kind: string, name?: string): boolean {
  return objects.some((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: unknown } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: Record<string, unknown> & { httpGet?: { path: string; port: string | number }; exec?: { command: string[] } };
  readinessProbe?: Record<string, unknown> & { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown>;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  topologySpreadConstraints?: { topologyKey: string }[];
  restartPolicy?: string;
}

/** The pod spec inside a Deployment, StatefulSet, DaemonSet, Job or CronJob. */
export function podSpecOf(object: RenderedObject): PodSpec | undefined {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (object.kind === 'CronJob') return ((spec.jobTemplate as { spec: { template: { spec: PodSpec } } }).spec.template.spec);
  const template = spec.template as { spec?: PodSpec } | undefined;
  return template?.spec;
}

export function containerOf(object: RenderedObject, name: string): Container {
  const container = [...(podSpecOf(object)?.containers ?? []), ...(podSpecOf(object)?.initContainers ?? [])].find((candidate) => candidate.name === name);
  if (!container) throw new Error(`no container ${name} in ${object.kind}/${object.metadata.name}`);
  return container;
}

export function envOf(container: Container): Record<string, string | { secret: string; key: string } | undefined> {
  return Object.fromEntries(
    (container.env ?? []).map((variable) => [
      variable.name,
      variable.valueFrom?.secretKeyRef ? { secret: variable.valueFrom.secretKeyRef.name, key: variable.valueFrom.secretKeyRef.key } : variable.value,
    ]),
  );
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
