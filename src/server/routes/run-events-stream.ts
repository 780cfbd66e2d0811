/**
 * GET /api/v1/runs/{id}/events/stream: a run's events as Server-Sent Events,
 * live. It reads the state store with the event id as cursor (so any
 * webserver replica can serve any tail, and a reconnect with Last-Event-ID
 * resumes where it stopped), sends the run again whenever its status
 * changes, and ends with an `end` event once the run has finished and every
 * event has been sent.
 *
 *   event: run     data: <Run>        (first, and on every status change)
 *   id: 42
 *   event: event   data: <RunEvent>
 *   event: end     data: <Run>        (the finished run; the stream closes)
 *   event: error   data: <Problem>    (the store failed; the stream closes)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isFloeError } from '../../errors/index.js';
import { isTerminalRunStatus, type Run } from '../../orchestrator/index.js';
import { problemFromFloeError, problem } from '../problems/problem-document.js';
import { API_ERROR_CODES } from '../problems/error-statuses.js';
import { runIdParamsSchema } from '../schemas/common-schemas.js';
import { route } from './route-docs.js';

export const EVENT_STREAM_MEDIA_TYPE = 'text/event-stream';
const PAGE = 1000;

function frame(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const runEventsStreamRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, eventPollIntervalMs, keepAliveIntervalMs } = app.floe;

  app.get(
    '/runs/:id/events/stream',
    {
      // A stream has no head to send without its body.
      exposeHeadRoute: false,
      ...route(
      'viewer',
      {
        operationId: 'streamRunEvents',
        tag: 'runs',
        summary: 'Follow a run’s events live (Server-Sent Events)',
        description: 'Events `run` (the run, first and on every status change), `event` (a RunEvent; its `id` is the SSE id), `end` (the finished run, then the stream closes) and `error` (a Problem). Resume with Last-Event-ID or `afterId`.',
        errors: [400, 404],
      },
      {
        params: runIdParamsSchema,
        querystring: z.strictObject({
          afterId: z.coerce.number().int().min(0).optional().describe('Start after this event id (Last-Event-ID wins when both are sent).'),
          step: z.string().min(1).max(500).optional().describe('Only this node’s events.'),
        }),
        headers: z.object({ 'last-event-id': z.string().regex(/^\d+$/, 'must be an event id').optional().describe('Resume after this event id (browsers send it on reconnect).') }),
        response: { 200: { description: 'An event stream.', content: { [EVENT_STREAM_MEDIA_TYPE]: { schema: z.string().describe('Server-Sent Events: run, event, end, error.') } } } },
      },
      ),
    },
    async (request, reply) => {
      let run: Run = await store.getRun(request.params.id);
      const lastEventId = request.headers['last-event-id'];
      let afterId = lastEventId !== undefined ? Number(lastEventId) : (request.query.afterId ?? 0);
      const step = request.query.step;

      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': `${EVENT_STREAM_MEDIA_TYPE}; charset=utf-8`, 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const stop = new AbortController();
      request.raw.on('close', () => stop.abort());
      const write = (text: string): void => {
        if (!stop.signal.aborted) out.write(text);
      };
      const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
          const wake = (): void => {
            clearTimeout(timer);
            stop.signal.removeEventListener('abort', wake);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          stop.signal.addEventListener('abort', wake, { once: true });
        });

      write(`retry: ${Math.max(1000, eventPollIntervalMs)}\n`);
      write(frame('run', run));
      let quietSince = Date.now();
      try {
        while (!stop.signal.aborted) {
          // Read the status before the events: events written before a run finished are then all seen.
          const current = await store.getRun(run.id);
          for (;;) {
            const events = await store.getEvents(run.id, { afterId, limit: PAGE, ...(step ? { step } : {}) });
            for (const event of events) write(frame('event', event, event.id));
            if (events.length > 0) {
              afterId = events[events.length - 1].id;
              quietSince = Date.now();
            }
            if (events.length < PAGE) break;
          }
          if (current.status !== run.status) {
            run = current;
            write(frame('run', run));
            quietSince = Date.now();
          }
          if (isTerminalRunStatus(run.status)) {
            write(frame('end', run));
            break;
          }
          if (Date.now() - quietSince >= keepAliveIntervalMs) {
            write(': keep-alive\n\n');
            quietSince = Date.now();
          }
          await sleep(eventPollIntervalMs);
        }
      } catch (error) {
        request.log.error({ err: error }, 'event stream failed');
        write(frame('error', isFloeError(error) ? problemFromFloeError(error, request.url) : problem(500, API_ERROR_CODES.internal, 'The event stream failed; the error is in the server log.')));
      } finally {
        out.end();
      }
    },
  );
};
