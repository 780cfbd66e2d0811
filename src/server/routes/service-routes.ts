/**
 * /health (liveness: the process answers), /ready (readiness: the store
 * answers, its schema is current, the product catalog reads), /metrics
 * (Prometheus text) — all public, so probes and scrapers need no token.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FloeMetrics } from '../../observability/index.js';
import { API_ERROR_CODES } from '../problems/error-statuses.js';
import { sendProblem } from '../problems/error-handler.js';
import { problem } from '../problems/problem-document.js';
import { healthSchema, readySchema } from '../schemas/service-schemas.js';
import { route } from './route-docs.js';

export interface ServiceRoutesOptions {
  metrics: FloeMetrics;
}

export const serviceRoutes: FastifyPluginAsyncZod<ServiceRoutesOptions> = async (app, options) => {
  const { store } = app.floe;

  app.get('/health', route('public', { operationId: 'getHealth', tag: 'service', summary: 'Liveness: the process is serving' }, { response: { 200: healthSchema } }), async () => ({ status: 'ok' as const }));

  app.get(
    '/ready',
    route('public', { operationId: 'getReadiness', tag: 'service', summary: 'Readiness: store reachable, schema current, products loaded', description: 'A 503 problem document carries the same `checks` when not ready.' }, { response: { 200: readySchema } }),
    async (request, reply) => {
      const checks = {
        store: { ok: false, kind: store.kind as string } as { ok: boolean; kind: string; detail?: string },
        schema: { ok: false, pending: [] as string[], unknown: [] as string[] },
        products: { ok: false, count: 0 },
      };
      try {
        const migrations = await store.migrationStatus();
        checks.store.ok = true;
        checks.schema = { ok: migrations.pending.length === 0 && migrations.unknown.length === 0, pending: migrations.pending, unknown: migrations.unknown };
        if (checks.schema.ok) checks.products = { ok: true, count: (await store.products.listProducts()).length };
      } catch (error) {
        checks.store.detail = error instanceof Error ? error.message : String(error);
      }
      if (checks.store.ok && checks.schema.ok && checks.products.ok) return { status: 'ready' as const, checks };
      const why = !checks.store.ok ? 'the state store does not answer' : !checks.schema.ok ? 'the state store schema is not current' : 'the product catalog cannot be read';
      const hint = checks.schema.pending.length > 0 ? 'Run `floe orchestrator migrate`.' : checks.schema.unknown.length > 0 ? 'A newer floe migrated the store: upgrade this webserver.' : 'Check the database connection (--database-url / FLOE_DATABASE_URL).';
      return sendProblem(reply, { ...problem(503, API_ERROR_CODES.notReady, `Not ready: ${why}.`, { instance: request.url, hint }), checks } as ReturnType<typeof problem>);
    },
  );

  app.get(
    '/metrics',
    route('public', { operationId: 'getMetrics', tag: 'service', summary: 'Prometheus metrics', description: 'Run and step metrics, HTTP request metrics, floe_daemon_heartbeat_age_seconds and floe_queue_depth.' }, {
      response: { 200: { description: 'Prometheus text exposition.', content: { 'text/plain': { schema: z.string().describe('Prometheus text format 0.0.4.') } } } },
    }),
    async (_request, reply) => reply.type(options.metrics.contentType).send(await options.metrics.metrics()),
  );
};
