import type { LineageTransport } from './lineage-transport.js';

/** Lineage switched off: events are dropped. */
export function createNoneTransport(): LineageTransport {
  return { kind: 'none', send: async () => {}, close: async () => {} };
}
