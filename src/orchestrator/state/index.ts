/**
 * The state store: runs, steps and events of data product runs, over SQLite
 * (embedded, `.floe/state.db`, migrated on open) or PostgreSQL (shared by the
 * orchestrator services and jobs, migrated by `migrateStateStore`).
 *
 *   const store = await openStateStore(embeddedStateStoreConfig(projectDir));
 *   const run = await store.createRun({ product, environment, trigger: 'manual' });
 *   await store.updateRunStatus(run.id, 'STARTING');
 *   await store.updateRunStatus(run.id, 'STARTED');
 *   …upsertStep / appendEvents / heartbeat…
 *   await store.updateRunStatus(run.id, 'SUCCESS', { counts });
 *   await store.close();
 */
export { openStateStore } from './open-state-store.js';
export type { OpenStateStoreOptions } from './open-state-store.js';
export { migrateStateStore, stateStoreMigrationStatus } from './state-migrations-runner.js';
export type { StateMigrationReport, StateMigrationStatus } from './state-migrations-runner.js';
export { DEFAULT_SQLITE_STATE_PATH, embeddedStateStoreConfig } from './state-store-config.js';
export type { PostgresStateStoreConfig, SqliteStateStoreConfig, StateStoreConfig } from './state-store-config.js';
export type {
  CreateRunInput,
  EventInput,
  GetEventsOptions,
  ListRunsOptions,
  MarkInterruptedRunsOptions,
  RunStatusFields,
  StateStore,
  StateStoreKind,
  StepInput,
  TimestampInput,
} from './state-store.js';
export { EVENT_LEVELS, RUN_STATUSES, RUN_TRIGGERS, STEP_STATUSES } from './records.js';
export type {
  EventLevel,
  JsonObject,
  JsonValue,
  Run,
  RunCounts,
  RunEvent,
  RunStatus,
  RunTrigger,
  Step,
  StepStatus,
} from './records.js';
export { isTerminalRunStatus, nextRunStatuses } from './run-transitions.js';
export { uuidV7Time } from './run-id.js';
export { STATE_ERROR_CODES } from './state-errors.js';
