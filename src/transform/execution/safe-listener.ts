/**
 * Listener handlers belong to whoever launched the run (CLI printer,
 * orchestrator, tracing). A handler that throws must never break the run nor
 * keep the other listeners from hearing about it, so every call is guarded on
 * its own and errors are swallowed.
 */
import type { RunListener } from '../types.js';

/** One listener that calls several in order, each call guarded. */
export function composeListeners(listeners: Array<RunListener | undefined>): Required<RunListener> {
  const present = listeners.filter((listener): listener is RunListener => listener !== undefined);
  const call =
    <K extends keyof RunListener>(name: K) =>
    (...args: Parameters<Required<RunListener>[K]>): void => {
      for (const listener of present) {
        const handler = listener[name] as ((...handlerArgs: unknown[]) => unknown) | undefined;
        if (!handler) continue;
        try {
          const returned = handler.apply(listener, args);
          // An async handler's rejection must not surface as an unhandled rejection either.
          if (returned && typeof (returned as Promise<unknown>).catch === 'function') (returned as Promise<unknown>).catch(() => undefined);
        } catch {
          // Deliberately ignored: see the comment at the top of this file.
        }
      }
    };
  return {
    onRunStart: call('onRunStart'),
    onNodeStart: call('onNodeStart'),
    onStatement: call('onStatement'),
    onNodeFinish: call('onNodeFinish'),
    onRunFinish: call('onRunFinish'),
  };
}

export function safeListener(listener: RunListener | undefined): Required<RunListener> {
  return composeListeners([listener]);
}
