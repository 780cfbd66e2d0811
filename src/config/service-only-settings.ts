/**
 * Settings only the platform services and the CLI read — the webserver's
 * tokens, the orchestrator an environment talks to — left out of what a
 * product compiles into its artifacts, so a pipeline job never sees (or
 * mounts) the secrets behind them, and moving the webserver does not change
 * a product's artifacts.
 */
import type { Manifest } from './manifest-schema.js';

export function withoutServiceOnlySettings(manifest: Manifest): Manifest {
  const { webserver: _webserver, ...orchestrator } = manifest.orchestrator;
  const environments = Object.fromEntries(
    Object.entries(manifest.environments).map(([name, overlay]) => {
      if (!overlay) return [name, overlay];
      const { orchestrator: _endpoint, ...rest } = overlay;
      return [name, rest];
    }),
  );
  // The types still name the keys (as optional in spirit); the values no longer carry them.
  return { ...manifest, orchestrator: orchestrator as Manifest['orchestrator'], environments: environments as Manifest['environments'] };
}
