/**
 * The daemon's settings: the platform manifest's `orchestrator` section,
 * overridden by the environment, overridden by flags (the CLI maps flags and
 * FLOE_* variables onto `overrides`).
 */
import { FloeError } from '../../errors/index.js';
import { DEFAULT_ELECTION_TIMINGS, type ElectionTimings } from '../election/leader-election.js';
import { LAUNCHER_KINDS, type LauncherKind } from '../launchers/launcher.js';

export interface KubernetesJobSettings {
  /** Default: the pod's own namespace, else the kubeconfig context's. */
  namespace?: string;
  /** The floe image run Jobs use (FLOE_JOB_IMAGE). */
  image?: string;
  /** The Secret holding FLOE_DATABASE_URL for the Job, as a secretKeyRef. */
  databaseSecret?: { name: string; key: string };
  serviceAccountName?: string;
  /** A PersistentVolumeClaim mounted at /warehouse (FLOE_WAREHOUSE_DIR) in every run Job. */
  warehouseClaim?: string;
}

export interface DaemonSettings {
  mode: 'single' | 'ha';
  /** In ha mode: a Kubernetes Lease, or the state database. */
  election: 'kubernetes' | 'database';
  launcher: LauncherKind;
  /** Runs in progress at once, across products. */
  maxRuns: number;
  heartbeatIntervalMs: number;
  /** How often the queue is looked at (also right after a tick submits a run). */
  pollIntervalMs: number;
  /** How often active runs, sensors and failed runs (retries) are looked at. */
  monitorIntervalMs: number;
  staleAfterMs: number;
  startTimeoutMs: number;
  cancelGraceMs: number;
  /** A schedule tick seen later than this was missed (catch-up policy). */
  lateAfterMs: number;
  /** How long in-process runs may finish when the daemon stops. */
  shutdownGraceMs: number;
  timings: ElectionTimings;
  kubernetes: KubernetesJobSettings;
}

export const DEFAULT_DAEMON_SETTINGS: DaemonSettings = {
  mode: 'single',
  election: 'database',
  launcher: 'in-process',
  maxRuns: 10,
  heartbeatIntervalMs: 30_000,
  pollIntervalMs: 1_000,
  monitorIntervalMs: 5_000,
  staleAfterMs: 60_000,
  startTimeoutMs: 300_000,
  cancelGraceMs: 60_000,
  lateAfterMs: 60_000,
  shutdownGraceMs: 30_000,
  timings: DEFAULT_ELECTION_TIMINGS,
  kubernetes: {},
};

/** The manifest's `orchestrator` section (as parsed by config, or as compiled into artifacts). */
export interface OrchestratorSection {
  daemon?: { mode?: string; health_check_interval?: number };
  concurrency?: { max_runs?: number };
  launcher?: string;
}

export interface DaemonOverrides {
  mode?: string;
  election?: string;
  launcher?: string;
  maxRuns?: number;
  heartbeatIntervalSeconds?: number;
  kubernetesNamespace?: string;
  jobImage?: string;
  /** `name:key`. */
  databaseSecret?: string;
  warehouseClaim?: string;
}

function choice<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new FloeError('FLOE_DAEMON_SETTING', `${what} must be one of ${allowed.join(', ')}, got "${value}".`);
}

function secretKey(value: string | undefined): { name: string; key: string } | undefined {
  if (value === undefined) return undefined;
  const match = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?):([-._a-zA-Z0-9]+)$/.exec(value);
  if (!match) throw new FloeError('FLOE_DAEMON_SETTING', `The database secret must be <secret-name>:<key>, got "${value}".`, { hint: 'e.g. --database-secret floe-db:url' });
  return { name: match[1], key: match[3] };
}

export function daemonSettings(section: OrchestratorSection = {}, overrides: DaemonOverrides = {}): DaemonSettings {
  const mode = choice(overrides.mode ?? section.daemon?.mode, ['single', 'ha'] as const, 'the daemon mode') ?? DEFAULT_DAEMON_SETTINGS.mode;
  const launcher = choice(overrides.launcher ?? section.launcher, LAUNCHER_KINDS, 'the launcher') ?? DEFAULT_DAEMON_SETTINGS.launcher;
  const inCluster = Boolean(process.env.KUBERNETES_SERVICE_HOST);
  const election = choice(overrides.election, ['kubernetes', 'database'] as const, 'the election') ?? (launcher === 'kubernetes' && inCluster ? 'kubernetes' : 'database');
  const maxRuns = overrides.maxRuns ?? section.concurrency?.max_runs ?? DEFAULT_DAEMON_SETTINGS.maxRuns;
  const heartbeatSeconds = overrides.heartbeatIntervalSeconds ?? section.daemon?.health_check_interval;
  const databaseSecret = secretKey(overrides.databaseSecret);
  return {
    ...DEFAULT_DAEMON_SETTINGS,
    mode,
    election,
    launcher,
    maxRuns,
    ...(heartbeatSeconds ? { heartbeatIntervalMs: heartbeatSeconds * 1000 } : {}),
    kubernetes: {
      ...(overrides.kubernetesNamespace ? { namespace: overrides.kubernetesNamespace } : {}),
      ...(overrides.jobImage ? { image: overrides.jobImage } : {}),
      ...(databaseSecret ? { databaseSecret } : {}),
      ...(overrides.warehouseClaim ? { warehouseClaim: overrides.warehouseClaim } : {}),
    },
  };
}
