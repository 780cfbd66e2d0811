/** /api/v1/daemon: the daemon's leader, term and heartbeat age, read from the store. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { daemonStatusSchema } from '../schemas/instigator-schemas.js';
import { whoAmISchema } from '../schemas/service-schemas.js';
import { route } from './route-docs.js';

export const daemonRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store } = app.floe;

  app.get('/daemon', route('viewer', { operationId: 'getDaemonStatus', tag: 'daemon', summary: 'Daemon status: leader, term, heartbeat age' }, { response: { 200: daemonStatusSchema } }), async () => store.daemons.status());

  app.get(
    '/auth/whoami',
    route('viewer', { operationId: 'whoAmI', tag: 'service', summary: 'The caller: its token’s name and role', description: 'What a UI asks to know which actions to offer.' }, { response: { 200: whoAmISchema } }),
    async (request) => request.principal ?? { name: 'anonymous', role: 'viewer' as const, anonymous: true },
  );
};
