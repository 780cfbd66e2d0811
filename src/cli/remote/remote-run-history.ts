/**
 * An orchestrator's runs read through its API, in the shape `floe status`
 * and `floe logs` read the local store in — so they print the same thing
 * for a remote run as for a local one.
 */
import type { GetEventsOptions, ListRunsOptions, Run, RunEvent, StateStore, Step } from '../../orchestrator/index.js';
import type { OrchestratorClient } from './orchestrator-client.js';

/** What `floe status` and `floe logs` read: the local state store, or an orchestrator. */
export type RunHistory = Pick<StateStore, 'getRun' | 'getSteps' | 'listRuns' | 'getEvents' | 'close'>;

export function remoteRunHistory(client: OrchestratorClient): RunHistory {
  return {
    // The API's records are the store's, field for field (the same zod schemas describe both).
    getRun: async (id: string) => (await client.getRun(id)) as Run,
    getSteps: async (runId: string) => (await client.getSteps(runId)).steps as Step[],
    async listRuns(options: ListRunsOptions = {}) {
      const status = options.status === undefined ? undefined : [options.status].flat();
      const page = await client.listRuns({ ...(options.product ? { product: options.product } : {}), ...(status ? { status } : {}), ...(options.limit ? { limit: options.limit } : {}), ...(options.before ? { cursor: options.before } : {}) });
      return page.runs as Run[];
    },
    getEvents: async (runId: string, options: GetEventsOptions = {}) => (await client.getEvents(runId, options)).events as RunEvent[],
    close: async () => undefined,
  };
}
