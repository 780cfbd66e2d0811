import type { RunListener } from '../../transform/index.js';

/**
 * One listener that calls several in order. Each call is guarded on its own,
 * so a throwing printer cannot keep the run from being recorded.
 */
export function composeListeners(listeners: Array<RunListener | undefined>): RunListener {
  const present = listeners.filter((listener): listener is RunListener => listener !== undefined);
  const call =
    <K extends keyof RunListener>(name: K) =>
    (...args: Parameters<Required<RunListener>[K]>): void => {
      for (const listener of present) {
        const handler = listener[name] as ((...handlerArgs: unknown[]) => unknown) | undefined;
        try {
          handler?.apply(listener, args);
        } catch {
          // A listener must not break the run or the other listeners.
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
