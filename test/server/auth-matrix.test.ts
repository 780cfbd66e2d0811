/**
 * The auth matrix: every route the webserver registers (read from its own
 * route table, so a new route cannot escape the check) called by every kind
 * of caller — no token, an unknown token, viewer, operator, admin — with
 * anonymous read off and on. Public routes answer everyone; read routes
 * need a token (or anonymous read); mutating routes need operator or admin.
 * A refused call never reaches its handler: nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRole } from '../../src/config/index.js';
import { openStateStore, registerBundle, type StateStore } from '../../src/orchestrator/index.js';
import type { Access, RouteAccess } from '../../src/server/index.js';
import { sqliteBackend } from '../orchestrator/state/state-store-backends.js';
import { tinyBundle } from '../orchestrator/support/tiny-products.js';
import { testWebserver, type Caller, type TestWebserver } from './support/test-webserver.js';

const backend = sqliteBackend();
let store: StateStore;
let closed: TestWebserver;
let open: TestWebserver;
let bundle: Awaited<ReturnType<typeof tinyBundle>>;

beforeAll(async () => {
  store = await openStateStore(await backend.freshConfig());
  bundle = await tinyBundle();
  await registerBundle(store, bundle.bytes);
  closed = await testWebserver(store);
  open = await testWebserver(store, { anonymousRead: true });
});
afterAll(async () => {
  await closed.close();
  await open.close();
  await store.close();
  await backend.cleanup();
  bundle.product.remove();
});

const CALLERS: Caller[] = ['anonymous', 'invalid', 'viewer', 'operator', 'admin'];
const RANK: Record<ApiRole, number> = { viewer: 1, operator: 2, admin: 3 };

/** A concrete path for a route template: parameters filled with values of the right shape. */
function pathOf(route: RouteAccess): string {
  return route.url
    .replace(':id', '01900000-0000-7000-8000-000000000000')
    .replace(':name', 'tiny-shop')
    .replace(':uniqueId', 'model.shop.silver_orders')
    .replace('*', 'index.html');
}

function expected(access: Access, caller: Caller, anonymousRead: boolean): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (caller === 'invalid') return 401;
  if (caller === 'anonymous') return anonymousRead && access === 'viewer' ? 'allowed' : 401;
  return RANK[caller] >= RANK[access] ? 'allowed' : 403;
}

describe('the auth matrix', () => {
  it('covers every route, and every route declares an access level', () => {
    const routes = closed.app.floe.routes;
    expect(routes.length).toBeGreaterThan(30);
    const levels = new Set(routes.map((route) => route.access));
    expect([...levels].sort()).toEqual(['operator', 'public', 'viewer']);
    // Every write is operator-only or stricter.
    for (const route of routes.filter((r) => !['GET', 'HEAD'].includes(r.method))) expect(route.access, `${route.method} ${route.url}`).not.toMatch(/public|viewer/);
  });

  for (const anonymousRead of [false, true]) {
    it(`answers every route × caller as its access level says (anonymous read ${anonymousRead ? 'on' : 'off'})`, async () => {
      const server = anonymousRead ? open : closed;
      const runsBefore = (await store.listRuns({ limit: 1000 })).length;
      const outcomes: string[] = [];
      for (const route of server.app.floe.routes) {
        for (const caller of CALLERS) {
          const write = !['GET', 'HEAD'].includes(route.method);
          const response = await server.call(caller, route.method, pathOf(route), write ? { body: {} } : {});
          const want = expected(route.access, caller, anonymousRead);
          const got = response.status === 401 || response.status === 403 ? response.status : 'allowed';
          if (got !== want) outcomes.push(`${route.method} ${route.url} as ${caller}: wanted ${want}, got ${response.status} ${response.body.slice(0, 120)}`);
          if (response.status === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="floe"/);
          if (got !== 'allowed' && route.method !== 'HEAD') expect(response.json).toMatchObject({ status: response.status, code: response.status === 401 ? 'FLOE_API_UNAUTHORIZED' : 'FLOE_API_FORBIDDEN' });
        }
      }
      expect(outcomes).toEqual([]);
      // The allowed writes above sent `{}`: refused as invalid, so nothing was queued either way.
      expect((await store.listRuns({ limit: 1000 })).length).toBe(runsBefore);
    });
  }

  it('stores nothing when a viewer asks to trigger, cancel or pause', async () => {
    const run = await closed.call('operator', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop' } });
    expect(run.status).toBe(201);
    expect(run.json.triggeredBy).toBe('operator-client');
    expect((await closed.call('viewer', 'POST', '/api/v1/runs', { body: { product: 'tiny-shop' } })).status).toBe(403);
    expect((await closed.call('viewer', 'POST', `/api/v1/runs/${run.json.id}/cancel`)).status).toBe(403);
    expect((await closed.call('anonymous', 'POST', '/api/v1/schedules/tiny-shop:dev/pause')).status).toBe(401);
    expect((await open.call('anonymous', 'POST', '/api/v1/schedules/tiny-shop:dev/pause')).status).toBe(401);
    expect((await store.listRuns({ limit: 1000 })).map((r) => r.id)).toEqual([run.json.id]);
    expect((await store.getRun(run.json.id)).status).toBe('QUEUED');
    expect((await store.instigators.getSchedule('tiny-shop:dev'))?.paused).toBe(false);
  });

  it('tells a caller who it is', async () => {
    expect((await closed.call('operator', 'GET', '/api/v1/auth/whoami')).json).toEqual({ name: 'operator-client', role: 'operator', anonymous: false });
    expect((await open.call('anonymous', 'GET', '/api/v1/auth/whoami')).json).toEqual({ name: 'anonymous', role: 'viewer', anonymous: true });
    const malformed = await closed.call('viewer', 'GET', '/api/v1/runs', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(malformed.status).toBe(401);
    expect(malformed.json.detail).toContain('Bearer');
  });
});
