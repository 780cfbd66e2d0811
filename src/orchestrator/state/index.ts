/**
 * The state store: runs, steps and events of data product runs — and, for the
 * orchestrator services, products, versions and bundles, the run queue,
 * schedules, sensors and ticks, daemon heartbeats and the leader lease — over SQLite
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
  NodeStep,
  NodeStepQuery,
  RunResultsRecord,
  RunStatusFields,
  StateStore,
  StateStoreKind,
  StepInput,
  TimestampInput,
} from './state-store.js';
export { EVENT_LEVELS, FAILURE_KINDS, RUN_STATUSES, RUN_TRIGGERS, STEP_STATUSES } from './records.js';
export type {
  EventLevel,
  FailureKind,
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
export { ACTIVE_RUN_STATUSES, isTerminalRunStatus, nextRunStatuses } from './run-transitions.js';
export type { ProductCatalog, RecordVersionInput, RecordVersionResult, FindVersionOptions, ListVersionsOptions } from './product-catalog.js';
export type { BundleStore } from './bundle-store.js';
export type { RunQueue, ClaimRunsOptions, FinishRunInput, ActiveRunCounts } from './run-queue.js';
export type { InstigatorStore, SubmitTickInput, SubmitTickResult, SkipTicksInput } from './instigator-store.js';
export type { DaemonRegistry, HeartbeatInput, AcquireLeaseInput, LeaseClaim, DatabaseSession } from './daemon-registry.js';
export { DAEMON_LEASE_NAME } from './daemon-registry.js';
export { CATCH_UP_POLICIES, DAEMON_ROLES, SENSOR_KINDS, TICK_STATUSES } from './service-records.js';
export type {
  CatchUpPolicy,
  DaemonHeartbeat,
  DaemonRole,
  DaemonStatus,
  LeaderFence,
  LeaderLease,
  ProductSummary,
  ProductVersion,
  Schedule,
  Sensor,
  SensorInput,
  SensorKind,
  Tick,
  TickStatus,
} from './service-records.js';
export { scheduleIdOf, sensorIdOf } from './sql-product-catalog.js';
export { isFencedError } from './leader-fence.js';
export { RETRY_POLICY_INSTIGATOR } from './run-inserts.js';
export { uuidV7Time } from './run-id.js';
export { STATE_ERROR_CODES } from './state-errors.js';
