/**
 * The launcher and the election a daemon's settings ask for. The Kubernetes
 * ones (and @kubernetes/client-node) are loaded only when chosen.
 */
import { DatabaseElection } from '../election/database-election.js';
import type { LeaderElection } from '../election/leader-election.js';
import { SingleLeadership } from '../election/single-leadership.js';
import { InProcessLauncher } from '../launchers/in-process/in-process-launcher.js';
import type { Launcher } from '../launchers/launcher.js';
import { SubprocessLauncher } from '../launchers/subprocess/subprocess-launcher.js';
import { DAEMON_LEASE_NAME, type StateStore } from '../state/index.js';
import type { DaemonSettings } from './daemon-settings.js';

export interface DaemonPartsContext {
  store: StateStore;
  daemonId: string;
  /** The environment jobs get (subprocess: plus FLOE_DATABASE_URL). */
  env: Record<string, string | undefined>;
  databaseUrl: string;
}

export async function launcherFor(settings: DaemonSettings, context: DaemonPartsContext): Promise<Launcher> {
  if (settings.launcher === 'in-process') return new InProcessLauncher({ store: context.store, daemonId: context.daemonId, env: context.env });
  if (settings.launcher === 'subprocess') return new SubprocessLauncher({ env: { ...context.env, FLOE_DATABASE_URL: context.databaseUrl } });
  const { KubernetesLauncher } = await import('../launchers/kubernetes/kubernetes-launcher.js');
  return KubernetesLauncher.create({ store: context.store, settings: settings.kubernetes });
}

export async function electionFor(settings: DaemonSettings, context: Pick<DaemonPartsContext, 'store' | 'daemonId'>): Promise<LeaderElection> {
  if (settings.mode === 'single') return new SingleLeadership();
  if (settings.election === 'database') return new DatabaseElection({ store: context.store, lease: DAEMON_LEASE_NAME, holder: context.daemonId, timings: settings.timings });
  const { KubernetesLeaseElection } = await import('../election/kubernetes-lease-election.js');
  return KubernetesLeaseElection.create({ store: context.store, holder: context.daemonId, timings: settings.timings, ...(settings.kubernetes.namespace ? { namespace: settings.kubernetes.namespace } : {}) });
}
