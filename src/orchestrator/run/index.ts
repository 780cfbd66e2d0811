/**
 * One code path for a run, whoever launches it:
 *
 *   const { store } = await openLocalStateStore(projectDir);
 *   const plan = planFromDbtProject(projectDir, { select })            // or await planFromArtifacts(readArtifacts(dir), dir, 'dev')
 *   const outcome = await executeRun(plan, { store, observability: observabilityFromEnv(process.env), listener: printer, signal });
 *   const retry = await retryPlan(store, outcome.runId);             // `floe run --retry-failed <id>`
 */
export { executeRun, DEFAULT_HEARTBEAT_INTERVAL_MS } from './execute-run.js';
export type { RunServices, RunRecordOutcome } from './execute-run.js';
export type { RunPlan, TransformStepPlan, RunCliOptions, PlanOrigin } from './run-plan.js';
export { planFromDbtProject } from './plan-from-dbt-project.js';
export { planFromArtifacts, artifactsHashOf } from './plan-from-artifacts.js';
export { retryPlan } from './retry-plan.js';
export type { RetryPlanOptions } from './retry-plan.js';
export { observabilityFromEnv, observabilityFromArtifacts } from './observability-settings.js';
export type { ObservabilitySettings, ObservabilityDefaults } from './observability-settings.js';
export { openLocalStateStore, localStateStoreConfig, localStateStoreExists, DEFAULT_STALE_AFTER_MS } from './local-state-store.js';
export type { LocalStateStore, LocalStateStoreOptions } from './local-state-store.js';
