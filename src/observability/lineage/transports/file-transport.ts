import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunEvent } from '../event-types.js';
import type { LineageTransport } from './lineage-transport.js';

/**
 * Appends one JSON event per line, in the order events were emitted. Events
 * sent while an append is in flight are written together by the next one: a
 * run emits two events per node, and an append each (open, write, close)
 * made a large run's lineage take about as long as its SQL. Each send
 * settles when the append holding its line does.
 */
export function createFileTransport(path: string): LineageTransport {
  let pending: { lines: string[]; written: Promise<void> } | undefined;
  let chain: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined);

  return {
    kind: 'file',
    send(event: RunEvent) {
      const line = `${JSON.stringify(event)}\n`;
      if (pending) {
        pending.lines.push(line);
        return pending.written;
      }
      const batch: { lines: string[]; written: Promise<void> } = { lines: [line], written: Promise.resolve() };
      // Waits for the append before it; from then on this batch takes no more lines.
      const close = (): void => {
        if (pending === batch) pending = undefined;
      };
      batch.written = chain.then(
        () => {
          close();
          return appendFile(path, batch.lines.join(''), 'utf8');
        },
        (error: unknown) => {
          close(); // the folder could not be made: this batch fails, the next one tries again
          throw error;
        },
      );
      pending = batch;
      chain = batch.written.catch(() => undefined);
      return batch.written;
    },
    close: () => chain,
  };
}
