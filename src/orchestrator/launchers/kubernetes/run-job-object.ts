/**
 * The batch/v1 Job of one run: `floe job run --run-id ID` in the floe image,
 * the database connection and every Kubernetes secret reference as
 * references to Secrets (never values), resources from the compute's preset,
 * no retries of its own (`backoffLimit: 0`: the orchestrator retries), a
 * deadline from the run timeout, cleaned up an hour after it finished, the
 * `app.kubernetes.io/*` labels plus the run and product, and the restricted
 * Pod Security Standard's security context. Pure: artifacts in, object out.
 */
import type { JsonObject, Run } from '../../state/index.js';
import type { KubernetesJobSettings } from '../../daemon/daemon-settings.js';

export const RUN_ID_LABEL = 'floe.dev/run-id';
export const PRODUCT_LABEL = 'floe.dev/product';
export const MANAGED_BY = 'floe-orchestrator';
/** Where `kubernetes` secret references are read from in the job (config's DEFAULT_KUBERNETES_SECRETS_DIR). */
export const JOB_SECRETS_DIR = '/var/run/secrets/floe';
export const JOB_WAREHOUSE_DIR = '/warehouse';
const PRESET_ORDER = ['small', 'medium', 'large'];

export interface RunJobObjectInput {
  run: Run;
  /** The compiled artifacts of the run's bundle (secret references, compute resources, run timeout). */
  artifacts: JsonObject | undefined;
  settings: KubernetesJobSettings & { namespace: string; image: string };
  version: string;
  traceContext?: Record<string, string>;
}

export function runJobName(runId: string): string {
  return `floe-run-${runId}`;
}

/** A label value: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'none';
}

interface ComputeResources {
  preset?: string;
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** The largest preset among the run's transforms (one pod runs them all). */
function resourcesOf(artifacts: JsonObject | undefined): { requests?: Record<string, string>; limits?: Record<string, string> } | undefined {
  const transforms = (artifacts?.transforms ?? []) as Array<{ compute?: { resources?: ComputeResources } }>;
  const all = transforms.map((transform) => transform.compute?.resources).filter((resources): resources is ComputeResources => Boolean(resources));
  if (all.length === 0) return undefined;
  const largest = all.reduce((a, b) => (PRESET_ORDER.indexOf(b.preset ?? '') > PRESET_ORDER.indexOf(a.preset ?? '') ? b : a));
  return { ...(largest.requests ? { requests: largest.requests } : {}), ...(largest.limits ? { limits: largest.limits } : {}) };
}

interface SecretRefLike {
  source?: string;
  name?: string;
  key?: string;
}

/** The Kubernetes Secrets the artifacts' secret references name, by Secret name → keys. */
function kubernetesSecrets(artifacts: JsonObject | undefined): Map<string, Set<string>> {
  const secrets = new Map<string, Set<string>>();
  for (const entry of (artifacts?.secret_refs ?? []) as Array<{ ref?: SecretRefLike }>) {
    const ref = entry.ref;
    if (ref?.source !== 'kubernetes' || !ref.name || !ref.key) continue;
    if (!secrets.has(ref.name)) secrets.set(ref.name, new Set());
    secrets.get(ref.name)!.add(ref.key);
  }
  return secrets;
}

function timeoutOf(run: Run, artifacts: JsonObject | undefined): number {
  const compiled = (artifacts?.orchestrator as { run_timeout?: unknown } | undefined)?.run_timeout;
  return run.timeoutSeconds ?? (typeof compiled === 'number' && compiled > 0 ? compiled : 14_400);
}

export function runJobObject(input: RunJobObjectInput): JsonObject {
  const { run, artifacts, settings } = input;
  const labels = {
    'app.kubernetes.io/name': 'floe',
    'app.kubernetes.io/instance': labelValue(run.product),
    'app.kubernetes.io/component': 'pipeline-job',
    'app.kubernetes.io/part-of': 'floe',
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/version': labelValue(input.version),
    [RUN_ID_LABEL]: run.id,
    [PRODUCT_LABEL]: labelValue(run.product),
  };
  const secrets = [...kubernetesSecrets(artifacts).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const volumes: JsonObject[] = [{ name: 'tmp', emptyDir: {} }];
  const mounts: JsonObject[] = [{ name: 'tmp', mountPath: '/tmp' }];
  secrets.forEach(([secretName, keys], index) => {
    volumes.push({ name: `secret-${index}`, secret: { secretName, items: [...keys].sort().map((key) => ({ key, path: key })) } });
    mounts.push({ name: `secret-${index}`, mountPath: `${JOB_SECRETS_DIR}/${secretName}`, readOnly: true });
  });
  volumes.push(settings.warehouseClaim ? { name: 'warehouse', persistentVolumeClaim: { claimName: settings.warehouseClaim } } : { name: 'warehouse', emptyDir: {} });
  mounts.push({ name: 'warehouse', mountPath: JOB_WAREHOUSE_DIR });
  const env: JsonObject[] = [
    { name: 'FLOE_WAREHOUSE_DIR', value: JOB_WAREHOUSE_DIR },
    ...(settings.databaseSecret ? [{ name: 'FLOE_DATABASE_URL', valueFrom: { secretKeyRef: { name: settings.databaseSecret.name, key: settings.databaseSecret.key } } }] : []),
    ...Object.entries(input.traceContext ?? {}).map(([name, value]) => ({ name, value })),
  ];
  const resources = resourcesOf(artifacts);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: runJobName(run.id), namespace: settings.namespace, labels },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: 3600,
      activeDeadlineSeconds: timeoutOf(run, artifacts),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...(settings.serviceAccountName ? { serviceAccountName: settings.serviceAccountName } : {}),
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'job',
              image: settings.image,
              command: ['floe', 'job', 'run', '--run-id', run.id],
              env,
              ...(resources ? { resources } : {}),
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}
