/** What every route group shares, decorated once on the root instance as `app.floe`. */
import type { BundleLimits, StateStore } from '../orchestrator/index.js';
import type { RouteAccess } from './auth/authorization.js';

export interface ServerContext {
  store: StateStore;
  /** Limits on an uploaded bundle (its size is also the upload route's body limit). */
  bundleLimits: BundleLimits;
  /** How often a live event tail looks for new events. */
  eventPollIntervalMs: number;
  /** How often a live event tail sends a keep-alive comment while nothing happens. */
  keepAliveIntervalMs: number;
  /** Every route with its access level, filled in as routes register. */
  routes: RouteAccess[];
}

declare module 'fastify' {
  interface FastifyInstance {
    floe: ServerContext;
  }
}
