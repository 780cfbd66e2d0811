/** Running nodes: materializations, tests, scheduling, run artifacts. */
export { executeNodes, nodeCompilerFor } from './execute-nodes.js';
export { StatementRunner } from './statement-runner.js';
export { safeListener } from './safe-listener.js';
export { runsIncrementally } from './incremental-materialization.js';
export type { NodeCompiler } from './node-compiler.js';
export { composeListeners } from './safe-listener.js';
export type { ExecuteOptions, RunOutcome } from './execute-nodes.js';
export type { ExecutionGraph } from './run-plan.js';
