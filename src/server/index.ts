/**
 * The orchestrator webserver: REST API v1 (route groups as Fastify plugins,
 * zod schemas → OpenAPI 3.1 at /api/openapi.json), bearer-token auth with
 * roles, RFC 9457 problem documents, a live event tail over SSE, /health,
 * /ready, /metrics, and the web UI's files at /.
 *
 *   const app = await createWebserver({ store, auth: resolveApiAuth(settings, process.env) });
 *   await app.listen({ port: 3000, host: '0.0.0.0' });
 */
export { createWebserver, API_PREFIX, DEFAULT_JSON_BODY_LIMIT } from './create-webserver.js';
export type { WebserverOptions } from './create-webserver.js';
export { startWebserver, webserverSettingsFrom, PORT_ENV, UI_DIR_ENV } from './start-webserver.js';
export type { RunningWebserver, StartWebserverOptions, WebserverStartSettings } from './start-webserver.js';
export { resolveApiAuth, TokenTable, ADMIN_TOKEN_ENV, MIN_TOKEN_LENGTH } from './auth/api-tokens.js';
export type { ApiAuth, ApiToken } from './auth/api-tokens.js';
export { ACCESS_LEVELS, roleAllows } from './auth/access.js';
export type { Access, Principal } from './auth/access.js';
export type { RouteAccess } from './auth/authorization.js';
export type { ServerContext } from './server-context.js';
export { OPENAPI_PATH, openApiDocument } from './openapi-document.js';
export { PROBLEM_MEDIA_TYPE } from './problems/problem-document.js';
export type { Problem } from './problems/problem-document.js';
export { API_ERROR_CODES, statusForCode } from './problems/error-statuses.js';
export { EVENT_STREAM_MEDIA_TYPE } from './routes/run-events-stream.js';
export { BUNDLE_UPLOAD_MEDIA_TYPES } from './routes/products-routes.js';
export { DEFAULT_UI_DIR } from './ui/static-ui-plugin.js';
export type * from './api-types.js';
