/**
 * The state store's public contract. The local `floe run`, the daemon, the
 * webserver and pipeline jobs all talk to runs through this interface, over
 * SQLite (embedded, one machine) or PostgreSQL (several processes and hosts).
 * Every method is safe to call from several processes at once.
 */
import type {
  EventLevel,
  FailureKind,
  JsonObject,
  Run,
  RunCounts,
  RunEvent,
  RunStatus,
  RunTrigger,
  Step,
  StepStatus,
} from './records.js';
import type { BundleStore } from './bundle-store.js';
import type { DaemonRegistry } from './daemon-registry.js';
import type { InstigatorStore } from './instigator-store.js';
import type { ProductCatalog } from './product-catalog.js';
import type { RunQueue } from './run-queue.js';
import type { StateMigrationStatus } from './state-migrations-runner.js';

export type StateStoreKind = 'sqlite' | 'postgres';

/** A timestamp given to the store: a Date or an ISO 8601 string. */
export type TimestampInput = Date | string;

export interface CreateRunInput {
  product: string;
  productVersion?: string | null;
  environment: string;
  trigger: RunTrigger;
  /** Defaults to 1, or to the parent's attempt + 1 when `parentRunId` is given. */
  attempt?: number;
  parentRunId?: string | null;
  artifactsHash?: string | null;
  selection?: JsonObject | null;
  /** The product bundle to run (`sha256:…`). */
  bundleDigest?: string | null;
  /** Default 0; higher runs first. */
  priority?: number;
  /** Do not start before this time (a retry's backoff). */
  notBefore?: TimestampInput | null;
  /** Defaults to the parent's root (or the parent) when `parentRunId` is given. */
  rootRunId?: string | null;
  timeoutSeconds?: number | null;
  triggeredBy?: string | null;
  /** Set by InstigatorStore.submitTick. */
  instigator?: string | null;
  scheduledFor?: TimestampInput | null;
}

/** Fields recorded together with a status change. */
export interface RunStatusFields {
  error?: string | null;
  counts?: RunCounts | null;
  artifactsHash?: string | null;
  /** Default to this process's host and pid when the run becomes STARTED. */
  hostname?: string | null;
  pid?: number | null;
  failureKind?: FailureKind | null;
}

/**
 * One step's state. Only the fields given are written; on first insert a
 * missing name/resourceType is derived from the unique id
 * (`model.shop.orders` → `orders`, `model`). RUNNING without `startedAt`
 * records now as the start, and a finished status without `finishedAt` now as
 * the end — unless the step already has one, so repeating a status (e.g. to
 * update rowsAffected) does not move its times.
 */
export interface StepInput {
  uniqueId: string;
  status: StepStatus;
  name?: string;
  resourceType?: string;
  startedAt?: TimestampInput | null;
  finishedAt?: TimestampInput | null;
  durationMs?: number | null;
  rowsAffected?: number | null;
  message?: string | null;
  error?: string | null;
  relation?: string | null;
}

export interface EventInput {
  kind: string;
  message: string;
  /** Defaults to `info`. */
  level?: EventLevel;
  /** The node's unique id, or omitted for run-level events. */
  step?: string | null;
  /** Defaults to now. */
  timestamp?: TimestampInput;
  data?: JsonObject | null;
}

export interface ListRunsOptions {
  product?: string;
  status?: RunStatus | RunStatus[];
  trigger?: RunTrigger | RunTrigger[];
  /** Only runs created at or after this time. */
  createdAfter?: TimestampInput;
  /** Only runs created before this time. */
  createdBefore?: TimestampInput;
  /** Defaults to 20; at most 1000. */
  limit?: number;
  /** A run id: only runs created before it (for paging back through history). */
  before?: string;
}

export interface GetEventsOptions {
  /** Only events with a larger id (the `--follow` cursor). */
  afterId?: number;
  /** Only this node's events. */
  step?: string;
  /** Defaults to 1000; at most 10000. */
  limit?: number;
}

/** One node's steps across the runs of a product: its materializations and their history. */
export interface NodeStepQuery {
  product: string;
  /** The node's unique id, e.g. `model.shop.orders`. */
  uniqueId: string;
  /** Only steps with one of these statuses (e.g. SUCCESS: the node's materializations). */
  status?: StepStatus | StepStatus[];
  /** Only runs in this environment. */
  environment?: string;
  /** Defaults to 20; at most 1000. */
  limit?: number;
  /** A run id: only steps of runs created before it (for paging back through history). */
  before?: string;
}

/** A step with what its run says about it. */
export interface NodeStep extends Step {
  environment: string;
  productVersion: string | null;
  runStatus: RunStatus;
  runCreatedAt: string;
}

export interface MarkInterruptedRunsOptions {
  /** A STARTING/STARTED run whose last heartbeat is older than this is interrupted. */
  staleAfterMs: number;
  /** Defaults to the store's clock. */
  now?: Date;
  /**
   * Also treat runs recorded on this host whose pid is no longer alive as
   * interrupted. Defaults to true for SQLite (one machine) and false for
   * PostgreSQL (runners live on other hosts and in other pid namespaces).
   */
  checkLocalProcesses?: boolean;
}

/** A transform's dbt-shaped results (`run_results.json`), kept with the run. */
export interface RunResultsRecord {
  runId: string;
  transform: string;
  results: JsonObject;
  createdAt: string;
}

export interface StateStore {
  readonly kind: StateStoreKind;

  /** Registered products and versions. */
  readonly products: ProductCatalog;
  /** Product bundles by digest. */
  readonly bundles: BundleStore;
  /** The daemon's view of runs: claims within limits, launches, cancels. */
  readonly queue: RunQueue;
  /** Schedules, sensors, cursors and ticks. */
  readonly instigators: InstigatorStore;
  /** Daemon heartbeats and the leader lease. */
  readonly daemons: DaemonRegistry;

  /** Records a new QUEUED run. */
  createRun(input: CreateRunInput): Promise<Run>;

  /**
   * Moves a run to `status`, only along QUEUED→STARTING→STARTED→SUCCESS|FAILURE|CANCELED,
   * QUEUED→CANCELED, or through CANCELING (FLOE_STATE_ILLEGAL_TRANSITION otherwise). The check and
   * the write are one statement, so of two processes racing to start a run
   * exactly one wins. Sets started_at (STARTED), finished_at (terminal) and
   * the heartbeat (STARTING/STARTED).
   */
  updateRunStatus(id: string, status: RunStatus, fields?: RunStatusFields): Promise<Run>;

  /**
   * Records a sign of life for a STARTING/STARTED/CANCELING run and returns its
   * current status, so a runner can notice it is being canceled. A heartbeat for a finished
   * run changes nothing.
   */
  heartbeat(runId: string): Promise<RunStatus>;

  upsertStep(runId: string, step: StepInput): Promise<Step>;
  /** Several steps in one transaction (e.g. every node PENDING at run start). */
  upsertSteps(runId: string, steps: StepInput[]): Promise<Step[]>;

  /** Appends events in one transaction; returns them with their ids. */
  appendEvents(runId: string, events: EventInput[]): Promise<RunEvent[]>;

  /**
   * A run by full id or by a unique prefix of at least 8 hex digits (dashes
   * optional). FLOE_STATE_RUN_NOT_FOUND / FLOE_STATE_RUN_ID_AMBIGUOUS otherwise.
   */
  getRun(idOrPrefix: string): Promise<Run>;
  /** Like getRun, but undefined when nothing matches. */
  findRun(idOrPrefix: string): Promise<Run | undefined>;

  /** Newest first. */
  listRuns(options?: ListRunsOptions): Promise<Run[]>;

  /** The run's steps, started ones first in start order, then the rest by unique id. */
  getSteps(runId: string): Promise<Step[]>;

  /** One node's steps in the runs of a product, newest run first. */
  listNodeSteps(query: NodeStepQuery): Promise<NodeStep[]>;

  /** Oldest first, by id. */
  getEvents(runId: string, options?: GetEventsOptions): Promise<RunEvent[]>;

  /**
   * Marks crashed runs FAILURE with error "interrupted" (their RUNNING steps
   * become ERROR, PENDING ones SKIPPED) and returns them.
   */
  markInterruptedRuns(options: MarkInterruptedRunsOptions): Promise<Run[]>;

  /** Keeps a transform's run_results.json with the run (replacing an earlier copy). */
  saveRunResults(runId: string, transform: string, results: JsonObject): Promise<void>;
  /** In transform name order. */
  getRunResults(runId: string): Promise<RunResultsRecord[]>;

  /** Which migrations the database has and lacks (a service's readiness: "schema current"). */
  migrationStatus(): Promise<StateMigrationStatus>;

  /** Closes the connection(s). Safe to call twice. */
  close(): Promise<void>;
}
