import type { LineageTransport } from './lineage-transport.js';

/** One JSON event per line on the given stream (the CLI passes stdout or stderr). */
export function createConsoleTransport(stream: NodeJS.WritableStream): LineageTransport {
  return {
    kind: 'console',
    send: async (event) => {
      stream.write(`${JSON.stringify(event)}\n`);
    },
    close: async () => {},
  };
}
