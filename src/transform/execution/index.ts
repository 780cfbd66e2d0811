/** Running nodes: materializations, tests, scheduling, run artifacts. */
export { executeNodes } from './execute-nodes.js';
export { composeListeners } from './safe-listener.js';
export type { ExecuteOptions, RunOutcome } from './execute-nodes.js';
export type { ExecutionGraph } from './run-plan.js';
