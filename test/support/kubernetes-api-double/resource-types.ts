/**
 * The resource types the Kubernetes API test double serves: how a kind maps to
 * its URL plural, whether it lives in a namespace, and whether writes to the
 * main resource keep the stored status (a `status` subresource, as the real
 * API server does for Deployments, Jobs, Pods…). Register more with
 * `KubernetesApiDouble.registerResourceType`.
 */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The lowercase plural in URLs, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
  /** True when the kind has a `/status` subresource. */
  statusSubresource: boolean;
}

const type = (group: string, version: string, kind: string, plural: string, namespaced = true, statusSubresource = false): ResourceType => ({
  group,
  version,
  kind,
  plural,
  namespaced,
  statusSubresource,
});

export const BUILT_IN_RESOURCE_TYPES: readonly ResourceType[] = [
  type('', 'v1', 'Namespace', 'namespaces', false, true),
  type('', 'v1', 'Pod', 'pods', true, true),
  type('', 'v1', 'Service', 'services', true, true),
  type('', 'v1', 'ConfigMap', 'configmaps'),
  type('', 'v1', 'Secret', 'secrets'),
  type('', 'v1', 'ServiceAccount', 'serviceaccounts'),
  type('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, true),
  type('', 'v1', 'Event', 'events'),
  type('', 'v1', 'Endpoints', 'endpoints'),
  type('apps', 'v1', 'Deployment', 'deployments', true, true),
  type('apps', 'v1', 'StatefulSet', 'statefulsets', true, true),
  type('apps', 'v1', 'DaemonSet', 'daemonsets', true, true),
  type('apps', 'v1', 'ReplicaSet', 'replicasets', true, true),
  type('batch', 'v1', 'Job', 'jobs', true, true),
  type('batch', 'v1', 'CronJob', 'cronjobs', true, true),
  type('coordination.k8s.io', 'v1', 'Lease', 'leases'),
  type('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  type('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  type('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, true),
  type('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
  type('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, true),
  type('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, true),
  type('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors'),
  type('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules'),
];

export function apiVersionOf(resource: Pick<ResourceType, 'group' | 'version'>): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
