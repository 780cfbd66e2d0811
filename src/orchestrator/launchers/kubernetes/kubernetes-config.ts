/**
 * Reaching the Kubernetes API: in a cluster the pod's service account
 * (client-node's in-cluster config), elsewhere the kubeconfig (KUBECONFIG or
 * ~/.kube/config). The namespace: as configured, else the pod's own, else the
 * kubeconfig context's, else `default`.
 */
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

const POD_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export function loadKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromDefault();
  return config;
}

export function namespaceOf(config: KubeConfig, configured?: string): string {
  if (configured) return configured;
  try {
    const own = readFileSync(POD_NAMESPACE_FILE, 'utf8').trim();
    if (own) return own;
  } catch {
    // Not in a pod.
  }
  return config.getContextObject(config.getCurrentContext())?.namespace ?? 'default';
}

/** The HTTP status of a client-node error (its ApiException's `code`). */
export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
