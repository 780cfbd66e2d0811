/**
 * /api/v1/runs: list (filters, cursor pages), detail, steps, events and
 * results of one run; trigger, cancel and re-execute. Writes name the
 * caller (its token's name) as who asked.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isTerminalRunStatus, reexecuteRun, RUN_STATUSES, RUN_TRIGGERS, triggerRun } from '../../orchestrator/index.js';
import { limitQuerySchema, listQuerySchema, runIdParamsSchema } from '../schemas/common-schemas.js';
import { runEventListSchema, runListSchema, runResultsSchema, runSchema, stepListSchema, triggerRunBodySchema } from '../schemas/run-schemas.js';
import { route } from './route-docs.js';

export const listRunsQuerySchema = z.strictObject({
  product: z.string().min(1).max(200).optional().describe('Only runs of this product.'),
  status: listQuerySchema(RUN_STATUSES, 'Only runs in these states').optional(),
  trigger: listQuerySchema(RUN_TRIGGERS, 'Only runs made this way').optional(),
  createdAfter: z.iso.datetime({ offset: true }).optional().describe('Only runs queued at or after this time (ISO 8601).'),
  createdBefore: z.iso.datetime({ offset: true }).optional().describe('Only runs queued before this time (ISO 8601).'),
  limit: limitQuerySchema(50, 1000),
  cursor: z.uuid().optional().describe('The `nextCursor` of the previous page.'),
});

export const runsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store } = app.floe;

  app.get(
    '/runs',
    route('viewer', { operationId: 'listRuns', tag: 'runs', summary: 'List runs, newest first', description: 'Filter by product, status, trigger and creation time; page with `limit` and `cursor`.', errors: [400] }, {
      querystring: listRunsQuerySchema,
      response: { 200: runListSchema },
    }),
    async (request) => {
      const { product, status, trigger, createdAfter, createdBefore, limit, cursor } = request.query;
      const runs = await store.listRuns({
        limit: limit + 1,
        ...(product ? { product } : {}),
        ...(status ? { status } : {}),
        ...(trigger ? { trigger } : {}),
        ...(createdAfter ? { createdAfter } : {}),
        ...(createdBefore ? { createdBefore } : {}),
        ...(cursor ? { before: cursor } : {}),
      });
      const page = runs.slice(0, limit);
      return { runs: page, nextCursor: runs.length > limit ? page[page.length - 1].id : null };
    },
  );

  app.post(
    '/runs',
    route('operator', { operationId: 'triggerRun', tag: 'runs', summary: 'Trigger a run of a registered product', description: 'Queues a run of the newest version (or the one `version` / `environment` pick); the daemon starts it.', errors: [400, 404, 413, 415] }, {
      body: triggerRunBodySchema,
      response: { 201: runSchema.describe('The queued run.') },
    }),
    async (request, reply) => {
      const { product, version, environment, selection, priority } = request.body;
      const run = await triggerRun(store, {
        product,
        ...(version ? { version } : {}),
        ...(environment ? { environment } : {}),
        ...(selection ? { selection } : {}),
        ...(priority !== undefined ? { priority } : {}),
        trigger: 'api',
        triggeredBy: request.principal?.name ?? null,
      });
      return reply.code(201).header('location', `/api/v1/runs/${run.id}`).send(run);
    },
  );

  app.get(
    '/runs/:id',
    route('viewer', { operationId: 'getRun', tag: 'runs', summary: 'A run, with its status', errors: [400, 404] }, { params: runIdParamsSchema, response: { 200: runSchema } }),
    async (request) => store.getRun(request.params.id),
  );

  app.get(
    '/runs/:id/steps',
    route('viewer', { operationId: 'listRunSteps', tag: 'runs', summary: 'A run’s steps (one per node)', errors: [400, 404] }, { params: runIdParamsSchema, response: { 200: stepListSchema } }),
    async (request) => {
      const run = await store.getRun(request.params.id);
      return { steps: await store.getSteps(run.id) };
    },
  );

  app.get(
    '/runs/:id/events',
    route('viewer', { operationId: 'listRunEvents', tag: 'runs', summary: 'A page of a run’s events, oldest first', description: 'Page with `afterId`; GET …/events/stream follows them live.', errors: [400, 404] }, {
      params: runIdParamsSchema,
      querystring: z.strictObject({
        afterId: z.coerce.number().int().min(0).optional().describe('Only events after this id.'),
        step: z.string().min(1).max(500).optional().describe('Only this node’s events (its unique id).'),
        limit: limitQuerySchema(1000, 10000),
      }),
      response: { 200: runEventListSchema },
    }),
    async (request) => {
      const run = await store.getRun(request.params.id);
      const { afterId, step, limit } = request.query;
      const events = await store.getEvents(run.id, { limit, ...(afterId !== undefined ? { afterId } : {}), ...(step ? { step } : {}) });
      return { events, nextCursor: events.length === limit ? events[events.length - 1].id : null };
    },
  );

  app.get(
    '/runs/:id/results',
    route('viewer', { operationId: 'getRunResults', tag: 'runs', summary: 'A run’s dbt-shaped results (run_results.json per transform)', errors: [400, 404] }, { params: runIdParamsSchema, response: { 200: runResultsSchema } }),
    async (request) => {
      const run = await store.getRun(request.params.id);
      return { results: (await store.getRunResults(run.id)).map(({ transform, results, createdAt }) => ({ transform, results, createdAt })) };
    },
  );

  app.post(
    '/runs/:id/cancel',
    route('operator', { operationId: 'cancelRun', tag: 'runs', summary: 'Cancel a run', description: 'A queued run is canceled at once; a running one becomes CANCELING until its job stops. A finished run cannot be canceled (409).', errors: [400, 404, 409] }, {
      params: runIdParamsSchema,
      response: { 200: runSchema },
    }),
    async (request) => {
      const run = await store.getRun(request.params.id);
      // Who asked, first (a finished run refuses the cancel below, so it gets no such event).
      if (!isTerminalRunStatus(run.status)) {
        await store.appendEvents(run.id, [{ kind: 'run.cancel_requested', level: 'warn', message: `Cancel requested by ${request.principal?.name ?? 'unknown'}.`, data: { by: request.principal?.name ?? null } }]);
      }
      return store.queue.requestCancel(run.id);
    },
  );

  app.post(
    '/runs/:id/reexecute',
    route('operator', { operationId: 'reexecuteRun', tag: 'runs', summary: 'Re-execute the failed and skipped nodes of a run', description: 'Queues a new run, linked to this one, of exactly its ERROR, FAIL and SKIPPED nodes.', errors: [400, 404, 409] }, {
      params: runIdParamsSchema,
      response: { 201: runSchema.describe('The queued retry.') },
    }),
    async (request, reply) => {
      const run = await store.getRun(request.params.id);
      const retry = await reexecuteRun(store, run.id, { triggeredBy: request.principal?.name ?? null });
      return reply.code(201).header('location', `/api/v1/runs/${retry.id}`).send(retry);
    },
  );
};
