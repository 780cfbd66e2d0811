/**
 * The orchestrator webserver as a Fastify instance: zod validation and
 * serialization, problem documents for every error, the authorization check,
 * HTTP metrics, then the route groups — each a plugin with its own schemas —
 * and the UI's files. It keeps nothing in memory another replica would need:
 * every answer comes from the state store.
 */
import { z } from 'zod';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits, type StateStore } from '../orchestrator/index.js';
import { addHttpMetrics, addOrchestratorGauges, createMetrics, type FloeLogger, type FloeMetrics } from '../observability/index.js';
import { TokenTable, type ApiAuth } from './auth/api-tokens.js';
import { installAuthorization } from './auth/authorization.js';
import { OPENAPI_PATH, registerOpenApi } from './openapi-document.js';
import { installProblemHandlers } from './problems/error-handler.js';
import { assetsRoutes } from './routes/assets-routes.js';
import { daemonRoutes } from './routes/daemon-routes.js';
import { instigatorsRoutes } from './routes/instigators-routes.js';
import { productsRoutes } from './routes/products-routes.js';
import { route } from './routes/route-docs.js';
import { runEventsStreamRoutes } from './routes/run-events-stream.js';
import { runsRoutes } from './routes/runs-routes.js';
import { serviceRoutes } from './routes/service-routes.js';
import type { ServerContext } from './server-context.js';
import { DEFAULT_UI_DIR, staticUiPlugin } from './ui/static-ui-plugin.js';

export const API_PREFIX = '/api/v1';
/** JSON bodies are small (a run request); bundles have their own limit. */
export const DEFAULT_JSON_BODY_LIMIT = 64 * 1024;

export interface WebserverOptions {
  store: StateStore;
  auth: ApiAuth;
  bundleLimits?: BundleLimits;
  /** The built web UI; default `ui/dist` of this installation. null: never serve one. */
  uiDir?: string | null;
  /** Default: none (tests); `floe orchestrator webserver` passes its JSON logger. */
  logger?: FloeLogger;
  /** Default: a registry of its own. */
  metrics?: FloeMetrics;
  /** Largest JSON body accepted. Default 64 KiB. */
  jsonBodyLimit?: number;
  /** How often a live event tail polls the store. Default 500 ms. */
  eventPollIntervalMs?: number;
  /** Keep-alive comments on a quiet event tail. Default 15 s. */
  keepAliveIntervalMs?: number;
}

export async function createWebserver(options: WebserverOptions): Promise<FastifyInstance> {
  const tokens = new TokenTable(options.auth.tokens);
  // A pino logger is a Fastify logger; typing it as the base keeps the instance's type plain.
  const loggerInstance: FastifyBaseLogger | undefined = options.logger;
  const app = Fastify({
    ...(loggerInstance ? { loggerInstance } : { logger: false }),
    bodyLimit: options.jsonBodyLimit ?? DEFAULT_JSON_BODY_LIMIT,
    // Behind a load balancer the client's address is in X-Forwarded-For.
    trustProxy: true,
    return503OnClosing: true,
    // Requests are counted and timed in /metrics; a log line for each would cost more than answering it.
    disableRequestLogging: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const context: ServerContext = {
    routes: [],
    store: options.store,
    bundleLimits: options.bundleLimits ?? DEFAULT_BUNDLE_LIMITS,
    eventPollIntervalMs: options.eventPollIntervalMs ?? 500,
    keepAliveIntervalMs: options.keepAliveIntervalMs ?? 15_000,
  };
  app.decorate('floe', context);

  installProblemHandlers(app);
  context.routes = installAuthorization(app, { tokens, anonymousRead: options.auth.anonymousRead });

  const metrics = options.metrics ?? (await createMetrics({ defaultLabels: { service: 'floe-webserver' } }));
  const http = await addHttpMetrics(metrics);
  await addOrchestratorGauges(metrics, {
    daemonHeartbeatAgeSeconds: async () => (await options.store.daemons.status()).heartbeatAgeSeconds,
    queueDepth: () => options.store.queue.queueDepth(),
    onError: (error) => app.log.warn({ err: error }, 'a metric could not be read from the state store'),
  });
  app.addHook('onResponse', async (request, reply) => {
    http.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  });

  await registerOpenApi(app);
  await app.register(async (api) => {
    await api.register(productsRoutes);
    await api.register(assetsRoutes);
    await api.register(runsRoutes);
    await api.register(runEventsStreamRoutes);
    await api.register(instigatorsRoutes);
    await api.register(daemonRoutes);
  }, { prefix: API_PREFIX });
  await app.register(serviceRoutes, { metrics });
  app.get(
    OPENAPI_PATH,
    route('public', { operationId: 'getOpenApiDocument', tag: 'service', summary: 'This OpenAPI 3.1 document' }, { response: { 200: z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document.') } }),
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
  const uiDir = options.uiDir === null ? undefined : (options.uiDir ?? DEFAULT_UI_DIR);
  await app.register(staticUiPlugin, { ...(uiDir ? { uiDir } : {}) });
  return app;
}
