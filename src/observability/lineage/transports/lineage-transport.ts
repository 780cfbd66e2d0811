import type { RunEvent } from '../event-types.js';

/**
 * Where lineage events go. `send` may reject; the emitter turns a rejection
 * into a reported, counted failure so a lineage outage never fails a run.
 * One file per transport: http (Marquez API), file (JSON lines), console, none.
 */
export interface LineageTransport {
  readonly kind: 'http' | 'file' | 'console' | 'none';
  send(event: RunEvent): Promise<void>;
  /** Release files/sockets. Called once, after every send has settled. */
  close(): Promise<void>;
}
