/** The orchestrator's public face: the state store (runs, steps, events) and the run code path. */
export * from './state/index.js';
export * from './run/index.js';
export * from './bundle/index.js';
export { registerBundle } from './products/register-bundle.js';
export type { RegisterBundleOptions, RegisteredBundle } from './products/register-bundle.js';
export { triggerRun, TRIGGER_ERROR_CODES } from './queue/trigger-run.js';
export type { TriggerRunInput } from './queue/trigger-run.js';
export { reexecuteRun } from './queue/reexecute-run.js';
export type { ReexecuteOptions } from './queue/reexecute-run.js';
export { runRequestSelection } from './queue/run-request.js';
export type { RunRequestSelection } from './queue/run-request.js';
export { DATABASE_URL_ENV, openServiceStateStore, stateStoreConfigFromUrl } from './settings/database-url.js';
