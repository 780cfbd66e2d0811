/**
 * /api/v1/schedules and /api/v1/sensors: list them, a schedule's next
 * ticks, recent ticks, pause and resume (operator). Pausing is kept in the
 * store, so every daemon and webserver sees it at once.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FloeError } from '../../errors/index.js';
import { STATE_ERROR_CODES, type Schedule } from '../../orchestrator/index.js';
import { limitQuerySchema } from '../schemas/common-schemas.js';
import { instigatorIdParamsSchema, nextTicksSchema, scheduleListSchema, scheduleSchema, sensorListSchema, sensorSchema, tickListSchema } from '../schemas/instigator-schemas.js';
import { route } from './route-docs.js';
import { upcomingTicks } from './schedule-ticks.js';

const NEXT_TICKS_SHOWN = 5;
const productFilter = z.strictObject({ product: z.string().min(1).max(200).optional().describe('Only this product’s.') });

function notFound(kind: 'schedule' | 'sensor', id: string): FloeError {
  return new FloeError(STATE_ERROR_CODES.instigatorNotFound, `No ${kind} "${id}".`, { hint: `List them: GET /api/v1/${kind}s.` });
}

function withNextTicks(schedule: Schedule, now: Date) {
  const active = schedule.enabled && !schedule.paused;
  return { ...schedule, nextTicks: active ? upcomingTicks(schedule, NEXT_TICKS_SHOWN, now) : [] };
}

export const instigatorsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store } = app.floe;
  const ticksQuery = z.strictObject({ limit: limitQuerySchema(20, 1000) });

  app.get('/schedules', route('viewer', { operationId: 'listSchedules', tag: 'schedules', summary: 'List schedules with their next ticks', errors: [400] }, { querystring: productFilter, response: { 200: scheduleListSchema } }), async (request) => {
    const now = new Date();
    const schedules = await store.instigators.listSchedules(request.query.product ? { product: request.query.product } : {});
    return { schedules: schedules.map((schedule) => withNextTicks(schedule, now)) };
  });

  app.get('/schedules/:id', route('viewer', { operationId: 'getSchedule', tag: 'schedules', summary: 'A schedule with its next ticks', errors: [400, 404] }, { params: instigatorIdParamsSchema, response: { 200: scheduleSchema } }), async (request) => {
    const schedule = await store.instigators.getSchedule(request.params.id);
    if (!schedule) throw notFound('schedule', request.params.id);
    return withNextTicks(schedule, new Date());
  });

  app.get(
    '/schedules/:id/next-ticks',
    route('viewer', { operationId: 'listScheduleNextTicks', tag: 'schedules', summary: 'A schedule’s upcoming tick times', description: 'Computed from its cron and time zone after its cursor and now, whether or not it is paused.', errors: [400, 404] }, {
      params: instigatorIdParamsSchema,
      querystring: z.strictObject({ count: z.coerce.number().int().min(1).max(100).default(10).describe('How many ticks (1–100, default 10).') }),
      response: { 200: nextTicksSchema },
    }),
    async (request) => {
      const schedule = await store.instigators.getSchedule(request.params.id);
      if (!schedule) throw notFound('schedule', request.params.id);
      return { id: schedule.id, timezone: schedule.timezone, ticks: upcomingTicks(schedule, request.query.count, new Date()) };
    },
  );

  app.get('/schedules/:id/ticks', route('viewer', { operationId: 'listScheduleTicks', tag: 'schedules', summary: 'A schedule’s recent ticks', errors: [400, 404] }, { params: instigatorIdParamsSchema, querystring: ticksQuery, response: { 200: tickListSchema } }), async (request) => {
    if (!(await store.instigators.getSchedule(request.params.id))) throw notFound('schedule', request.params.id);
    return { ticks: await store.instigators.listTicks(request.params.id, { limit: request.query.limit }) };
  });

  for (const paused of [true, false]) {
    const verb = paused ? 'pause' : 'resume';
    app.post(
      `/schedules/:id/${verb}`,
      route('operator', { operationId: `${verb}Schedule`, tag: 'schedules', summary: paused ? 'Pause a schedule' : 'Resume a schedule (from now: missed ticks are not run)', errors: [400, 404] }, { params: instigatorIdParamsSchema, response: { 200: scheduleSchema } }),
      async (request) => withNextTicks(await store.instigators.setSchedulePaused(request.params.id, paused, request.principal?.name ?? null), new Date()),
    );
  }

  app.get('/sensors', route('viewer', { operationId: 'listSensors', tag: 'sensors', summary: 'List sensors', errors: [400] }, { querystring: productFilter, response: { 200: sensorListSchema } }), async (request) => ({
    sensors: await store.instigators.listSensors(request.query.product ? { product: request.query.product } : {}),
  }));

  app.get('/sensors/:id', route('viewer', { operationId: 'getSensor', tag: 'sensors', summary: 'A sensor', errors: [400, 404] }, { params: instigatorIdParamsSchema, response: { 200: sensorSchema } }), async (request) => {
    const sensor = await store.instigators.getSensor(request.params.id);
    if (!sensor) throw notFound('sensor', request.params.id);
    return sensor;
  });

  app.get('/sensors/:id/ticks', route('viewer', { operationId: 'listSensorTicks', tag: 'sensors', summary: 'A sensor’s recent ticks', errors: [400, 404] }, { params: instigatorIdParamsSchema, querystring: ticksQuery, response: { 200: tickListSchema } }), async (request) => {
    if (!(await store.instigators.getSensor(request.params.id))) throw notFound('sensor', request.params.id);
    return { ticks: await store.instigators.listTicks(request.params.id, { limit: request.query.limit }) };
  });

  for (const paused of [true, false]) {
    const verb = paused ? 'pause' : 'resume';
    app.post(
      `/sensors/:id/${verb}`,
      route('operator', { operationId: `${verb}Sensor`, tag: 'sensors', summary: paused ? 'Pause a sensor' : 'Resume a sensor', errors: [400, 404] }, { params: instigatorIdParamsSchema, response: { 200: sensorSchema } }),
      async (request) => store.instigators.setSensorPaused(request.params.id, paused, request.principal?.name ?? null),
    );
  }
};
