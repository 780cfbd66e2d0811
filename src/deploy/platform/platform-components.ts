/**
 * The platform's components in the spec's startup order — storage, catalog,
 * observability, orchestrator, semantic layer — with the chart values that
 * switch each on and the workloads (by `app.kubernetes.io/component`) that
 * make it up.
 */
export const COMPONENT_NAMES = ['storage', 'catalog', 'observability', 'orchestrator', 'semantic'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

export interface PlatformComponent {
  name: ComponentName;
  /** Chart values (dotted) that enable its parts. */
  enabledBy: string[];
  /** Workload component labels, per enabling value. */
  workloads: Record<string, string[]>;
  /** One-shot Jobs (by component label) that must not fail while the component comes up. */
  jobs?: string[];
  /** The Service and path whose health `floe platform status` reports. */
  health?: { service: string; port: number; path: string; workload: string };
}

export const PLATFORM_COMPONENTS: readonly PlatformComponent[] = [
  { name: 'storage', enabledBy: ['postgresql.enabled', 'storage.enabled'], workloads: { 'postgresql.enabled': ['postgresql'], 'storage.enabled': ['minio'] }, health: { service: 'minio', port: 9000, path: '/minio/health/ready', workload: 'minio' } },
  { name: 'catalog', enabledBy: ['catalog.enabled'], workloads: { 'catalog.enabled': ['polaris'] } },
  {
    name: 'observability',
    enabledBy: ['otelCollector.enabled', 'jaeger.enabled', 'lineage.enabled'],
    workloads: { 'otelCollector.enabled': ['otel-collector'], 'jaeger.enabled': ['jaeger'], 'lineage.enabled': ['marquez', 'marquez-web'] },
  },
  {
    name: 'orchestrator',
    enabledBy: ['orchestrator.enabled'],
    workloads: { 'orchestrator.enabled': ['orchestrator-webserver', 'orchestrator-daemon'] },
    jobs: ['orchestrator-migration'],
    health: { service: 'orchestrator', port: 3000, path: '/health', workload: 'orchestrator-webserver' },
  },
  { name: 'semantic', enabledBy: ['semantic.enabled'], workloads: { 'semantic.enabled': ['cube', 'redis'] } },
];

export function componentNamed(name: string): PlatformComponent | undefined {
  return PLATFORM_COMPONENTS.find((component) => component.name === name);
}

export function valueAtPath(values: Record<string, unknown>, dotted: string): unknown {
  let node: unknown = values;
  for (const key of dotted.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** The workload labels of a component that the values switch on (web UI of lineage included). */
export function enabledWorkloads(component: PlatformComponent, values: Record<string, unknown>): string[] {
  return component.enabledBy.filter((key) => valueAtPath(values, key) === true).flatMap((key) => component.workloads[key]).filter((label) => label !== 'marquez-web' || valueAtPath(values, 'lineage.web.enabled') !== false);
}
