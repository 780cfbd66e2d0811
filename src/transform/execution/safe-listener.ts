/**
 * Listener handlers belong to whoever launched the run (CLI printer,
 * orchestrator, tracing). A handler that throws must never break the run, so
 * every call goes through here and errors are swallowed.
 */
import type { RunListener } from '../types.js';

export function safeListener(listener: RunListener | undefined): Required<RunListener> {
  const call = <K extends keyof RunListener>(name: K) =>
    (...args: Parameters<Required<RunListener>[K]>): void => {
      const handler = listener?.[name] as ((...handlerArgs: unknown[]) => unknown) | undefined;
      if (!handler) return;
      try {
        const returned = handler.apply(listener, args);
        // An async handler's rejection must not surface as an unhandled rejection either.
        if (returned && typeof (returned as Promise<unknown>).catch === 'function') (returned as Promise<unknown>).catch(() => undefined);
      } catch {
        // Deliberately ignored: see the comment at the top of this file.
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
