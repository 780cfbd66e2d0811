/** The API's view of runs, steps and events: the state store's records, field for field. */
import { z } from 'zod';
import { EVENT_LEVELS, FAILURE_KINDS, RUN_STATUSES, RUN_TRIGGERS, STEP_STATUSES } from '../../orchestrator/index.js';
import { jsonObjectSchema, nextCursorSchema, timestampSchema } from './common-schemas.js';

export const runStatusSchema = z.enum(RUN_STATUSES).describe('QUEUED → STARTING → STARTED → SUCCESS | FAILURE | CANCELED; CANCELING while a cancel stops its job.').meta({ id: 'RunStatus' });
export const runTriggerSchema = z.enum(RUN_TRIGGERS).describe('What made the run: manual, schedule, retry, api or sensor.').meta({ id: 'RunTrigger' });
export const stepStatusSchema = z.enum(STEP_STATUSES).describe("A node's state in a run.").meta({ id: 'StepStatus' });

export const runSchema = z
  .object({
    // In the order the store's records have them, so the API's JSON reads the same as `floe status --json`.
    id: z.string().describe('The run id (a UUIDv7: sorts by creation time).'),
    product: z.string().describe('The product run.'),
    productVersion: z.string().nullable().describe('Its version from floe.yaml.'),
    environment: z.string().describe('The environment the run ran in.'),
    trigger: runTriggerSchema,
    status: runStatusSchema,
    createdAt: timestampSchema.describe('When the run was queued.'),
    startedAt: timestampSchema.nullable().describe('When its job started running it.'),
    finishedAt: timestampSchema.nullable().describe('When it finished.'),
    heartbeatAt: timestampSchema.nullable().describe("The job's last sign of life."),
    attempt: z.number().int().describe('1 for a first run; a retry is its parent’s attempt + 1.'),
    parentRunId: z.string().nullable().describe('The run this one retries.'),
    artifactsHash: z.string().nullable().describe('sha256 of the compiled artifacts run.'),
    selection: jsonObjectSchema.nullable().describe('The node selection asked for (select, exclude, nodes).'),
    counts: z.record(z.string(), z.number()).nullable().describe('Nodes by outcome, e.g. {"success": 12, "error": 1}.'),
    error: z.string().nullable().describe('Why the run failed.'),
    hostname: z.string().nullable().describe('Host of the process that ran it.'),
    pid: z.number().int().nullable().describe('Its process id.'),
    bundleDigest: z.string().nullable().describe('The product bundle run (sha256:…).'),
    priority: z.number().describe('Higher runs first.'),
    notBefore: timestampSchema.nullable().describe('A queued run does not start before this time.'),
    scheduledFor: timestampSchema.nullable().describe('The schedule tick the run belongs to.'),
    instigator: z.string().nullable().describe('The schedule or sensor that made it.'),
    rootRunId: z.string().nullable().describe('The first attempt of its retry chain.'),
    failureKind: z.enum(FAILURE_KINDS).nullable().describe('step: a node failed; infrastructure: its job failed around it; timeout.'),
    timeoutSeconds: z.number().nullable().describe('It fails with a timeout after this long.'),
    launcher: z.string().nullable().describe('The launcher that started its job.'),
    launchRef: jsonObjectSchema.nullable().describe('What the launcher needs to find the job again.'),
    dispatchTerm: z.number().nullable().describe('The leader term that dispatched it.'),
    triggeredBy: z.string().nullable().describe('Who asked for it (a token name), when known.'),
  })
  .describe('One run of a data product.')
  .meta({ id: 'Run' });

export const runListSchema = z
  .object({ runs: z.array(runSchema).describe('Newest first.'), nextCursor: nextCursorSchema })
  .describe('A page of runs.')
  .meta({ id: 'RunList' });

export const stepSchema = z
  .object({
    runId: z.string().describe('The run.'),
    uniqueId: z.string().describe('The node, e.g. model.shop.orders.'),
    name: z.string().describe('The node name.'),
    resourceType: z.string().describe('model, seed, snapshot, test, …'),
    status: stepStatusSchema,
    startedAt: timestampSchema.nullable().describe('When it started.'),
    finishedAt: timestampSchema.nullable().describe('When it finished.'),
    durationMs: z.number().nullable().describe('How long it took.'),
    rowsAffected: z.number().nullable().describe('Rows written (failing rows for a test).'),
    message: z.string().nullable().describe('The adapter’s message, e.g. "OK" or "INSERT 0 42".'),
    error: z.string().nullable().describe('Why it failed.'),
    relation: z.string().nullable().describe('The relation it built, e.g. main.orders.'),
  })
  .describe("One node's state in a run.")
  .meta({ id: 'Step' });

export const stepListSchema = z.object({ steps: z.array(stepSchema).describe('Started steps in start order, then the rest.') }).describe("A run's steps.").meta({ id: 'StepList' });

export const runEventSchema = z
  .object({
    id: z.number().int().describe('Increases with every event in the store: the cursor for afterId and Last-Event-ID.'),
    runId: z.string().describe('The run.'),
    step: z.string().nullable().describe("The node's unique id, or null for run-level events."),
    timestamp: timestampSchema.describe('When it happened.'),
    level: z.enum(EVENT_LEVELS).describe('debug, info, warn or error.'),
    kind: z.string().describe('What happened, e.g. transform.started, step.finished, statement, warning.'),
    message: z.string().describe('A line for a person.'),
    data: jsonObjectSchema.nullable().describe('Structured details.'),
  })
  .describe('One event of a run (a structured log line).')
  .meta({ id: 'RunEvent' });

export const runEventListSchema = z
  .object({
    events: z.array(runEventSchema).describe('Oldest first.'),
    nextCursor: z.number().int().nullable().describe('Pass as afterId for the next page; null when this page was the last one so far.'),
  })
  .describe("A page of a run's events.")
  .meta({ id: 'RunEventList' });

export const runSelectionSchema = z
  .strictObject({
    select: z.array(z.string().min(1)).optional().describe('Nodes to include (dbt selection syntax).'),
    exclude: z.array(z.string().min(1)).optional().describe('Nodes to leave out.'),
    nodes: z.array(z.string().min(1)).optional().describe('Exactly these unique ids.'),
  })
  .describe('Which nodes to run; everything when absent.')
  .meta({ id: 'RunSelection' });

export const triggerRunBodySchema = z
  .strictObject({
    product: z.string().min(1).max(200).describe('The registered product to run.'),
    version: z.string().min(1).max(200).optional().describe('A version from floe.yaml, or a bundle digest (sha256:…); the newest when absent.'),
    environment: z.string().min(1).max(63).optional().describe('Run the newest version compiled for this environment.'),
    selection: runSelectionSchema.optional(),
    priority: z.number().int().min(-1_000_000).max(1_000_000).optional().describe('Higher runs first (default 0).'),
  })
  .describe('What to run.')
  .meta({ id: 'TriggerRunRequest' });

export const runResultsSchema = z
  .object({
    results: z
      .array(
        z.object({
          transform: z.string().describe('The transform step.'),
          results: jsonObjectSchema.describe('Its dbt run_results.json (v6 shape).'),
          createdAt: timestampSchema.describe('When it was kept.'),
        }),
      )
      .describe('One entry per transform, by name.'),
  })
  .describe("A run's dbt-shaped results.")
  .meta({ id: 'RunResults' });
