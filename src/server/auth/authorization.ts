/**
 * The authorization check, installed once on the root instance: every
 * route must declare its access level; each request is matched to a token
 * (or anonymous read) before its body is parsed, so a refused request never
 * reaches a handler and stores nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FloeError } from '../../errors/index.js';
import { API_ERROR_CODES } from '../problems/error-statuses.js';
import { ACCESS_LEVELS, roleAllows, type Access, type Principal } from './access.js';
import type { TokenTable } from './api-tokens.js';

export interface AuthorizationOptions {
  tokens: TokenTable;
  anonymousRead: boolean;
}

const ANONYMOUS: Principal = { name: 'anonymous', role: 'viewer', anonymous: true };
export const BEARER_CHALLENGE = 'Bearer realm="floe"';

function unauthorized(message: string): FloeError {
  return new FloeError(API_ERROR_CODES.unauthorized, message, {
    hint: 'Send `Authorization: Bearer <token>` with a token from the manifest (orchestrator.webserver.tokens) or FLOE_ADMIN_TOKEN.',
  });
}

/** One route as the authorization check sees it (the auth tests walk every one). */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

/** Installs the check; returns the table of every route registered afterwards, with its access level. */
export function installAuthorization(app: FastifyInstance, options: AuthorizationOptions): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access || !(ACCESS_LEVELS as readonly string[]).includes(access)) {
      throw new FloeError('FLOE_API_ROUTE_ACCESS', `Route ${String(route.method)} ${route.url} declares no access level.`, {
        hint: `Add config: { access: ${ACCESS_LEVELS.map((level) => `'${level}'`).join(' | ')} } to the route.`,
      });
    }
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    // No route matched (the not-found handler answers) or a route anyone may call.
    if (access === undefined || access === 'public') return;
    const header = request.headers.authorization;
    let principal: Principal | undefined;
    if (header === undefined || header === '') {
      if (!options.anonymousRead || access !== 'viewer') {
        reply.header('www-authenticate', BEARER_CHALLENGE);
        throw unauthorized('This endpoint needs an API token.');
      }
      principal = ANONYMOUS;
    } else {
      const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
      principal = match ? options.tokens.identify(match[1]) : undefined;
      if (!principal) {
        reply.header('www-authenticate', `${BEARER_CHALLENGE}, error="invalid_token"`);
        throw unauthorized(match ? 'The API token is not valid.' : 'The Authorization header must be `Bearer <token>`.');
      }
    }
    if (!roleAllows(principal.role, access)) {
      throw new FloeError(API_ERROR_CODES.forbidden, `${principal.anonymous ? 'Anonymous callers' : `The token "${principal.name}" (${principal.role})`} may not do this: it needs the ${access} role.`, {
        hint: access === 'viewer' ? 'Use a token.' : 'Use a token with the operator or admin role.',
      });
    }
    request.principal = principal;
  });
  return table;
}
