/**
 * The daemon and its parts.
 *
 *   const settings = daemonSettings(manifest.orchestrator, { launcher: 'subprocess' });
 *   const daemon = new Daemon({ store, settings, launcher, election });
 *   await daemon.start();  …  await daemon.stop();   // SIGTERM
 */
export { Daemon, newDaemonId } from './daemon.js';
export type { DaemonOptions } from './daemon.js';
export { daemonSettings, DEFAULT_DAEMON_SETTINGS } from './daemon-settings.js';
export type { DaemonSettings, DaemonOverrides, KubernetesJobSettings, OrchestratorSection } from './daemon-settings.js';
export { ProductPolicies, policyFromArtifacts, DEFAULT_PRODUCT_POLICY } from './product-policies.js';
export type { ProductPolicy } from './product-policies.js';
export { launcherFor, electionFor } from './daemon-parts.js';
export type { DaemonPartsContext } from './daemon-parts.js';
