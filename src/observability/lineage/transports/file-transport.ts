import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LineageTransport } from './lineage-transport.js';

/**
 * Appends one JSON event per line. Appends are chained so lines keep the
 * order events were emitted in even when sends overlap.
 */
export function createFileTransport(path: string): LineageTransport {
  let chain: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined);
  return {
    kind: 'file',
    send(event) {
      const line = `${JSON.stringify(event)}\n`;
      const next = chain.then(() => appendFile(path, line, 'utf8'));
      chain = next.catch(() => undefined);
      return next;
    },
    close: () => chain,
  };
}
