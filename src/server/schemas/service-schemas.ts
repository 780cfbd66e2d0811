/** Liveness, readiness and who the caller is. */
import { z } from 'zod';
import { API_ROLES } from '../../config/index.js';

export const healthSchema = z.object({ status: z.literal('ok').describe('The process is serving.') }).describe('Liveness.').meta({ id: 'Health' });

export const readinessChecksSchema = z
  .object({
    store: z.object({ ok: z.boolean().describe('The state store answered.'), kind: z.string().describe('sqlite or postgres.'), detail: z.string().optional().describe('Why not.') }).describe('The state store is reachable.'),
    schema: z
      .object({ ok: z.boolean().describe('No migration is pending or unknown.'), pending: z.array(z.string()).describe('Migrations to apply with `floe orchestrator migrate`.'), unknown: z.array(z.string()).describe('Migrations from a newer floe.') })
      .describe('The store’s schema is current.'),
    products: z.object({ ok: z.boolean().describe('The product catalog could be read.'), count: z.number().int().describe('Registered products.') }).describe('Products are loaded.'),
  })
  .describe('What readiness checked.')
  .meta({ id: 'ReadinessChecks' });

export const readySchema = z.object({ status: z.literal('ready').describe('Ready to serve.'), checks: readinessChecksSchema }).describe('Readiness.').meta({ id: 'Ready' });

export const whoAmISchema = z
  .object({
    name: z.string().describe('The token’s name, or "anonymous".'),
    role: z.enum(API_ROLES).describe('What it may do.'),
    anonymous: z.boolean().describe('True when no token was sent (anonymous read is on).'),
  })
  .describe('The caller, as the API sees it.')
  .meta({ id: 'WhoAmI' });
