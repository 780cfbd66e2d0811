/**
 * Who may call a route. Every route declares one access level in its
 * config (`config: { access }`); the webserver refuses to start with a route
 * that does not, so no route can slip past the authorization check.
 */
import type { ApiRole } from '../../config/index.js';

/** `public`: no token needed (health, readiness, metrics, the OpenAPI document, the UI's files). */
export const ACCESS_LEVELS = ['public', 'viewer', 'operator', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const RANK: Record<ApiRole, number> = { viewer: 1, operator: 2, admin: 3 };

export interface Principal {
  /** The token's name (recorded as who triggered or registered something), or `anonymous`. */
  name: string;
  role: ApiRole;
  anonymous: boolean;
}

export function roleAllows(role: ApiRole, access: Access): boolean {
  return access === 'public' || RANK[role] >= RANK[access];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route (see src/server/auth/access.ts). */
    access?: Access;
  }
  interface FastifyRequest {
    /** Who is calling; null on public routes. */
    principal: Principal | null;
  }
}
