/** The orchestrator's public face: the state store (runs, steps, events) and the run code path. */
export * from './state/index.js';
export * from './run/index.js';
