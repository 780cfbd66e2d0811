/**
 * The OpenAPI document at /api/openapi.json is valid OpenAPI 3.1, complete
 * (every route of the API is in it, with an operationId, a tag and response
 * schemas), and its schemas compile as JSON Schema 2020-12.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore, type StateStore } from '../../src/orchestrator/index.js';
import { sqliteBackend } from '../orchestrator/state/state-store-backends.js';
import { testWebserver, type TestWebserver } from './support/test-webserver.js';

const backend = sqliteBackend();
let store: StateStore;
let server: TestWebserver;
beforeAll(async () => {
  store = await openStateStore(await backend.freshConfig());
  server = await testWebserver(store);
});
afterAll(async () => {
  await server.close();
  await store.close();
  await backend.cleanup();
});

type Operation = { operationId?: string; tags?: string[]; summary?: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

function operations(document: Record<string, unknown>): Array<[string, string, Operation]> {
  return Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [method, path, op] as [string, string, Operation]));
}

describe('the OpenAPI document', () => {
  it('is served at /api/openapi.json without a token, and is valid OpenAPI 3.1', async () => {
    const response = await server.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every API route, each with a unique operationId, a known tag, a summary and a schema for every response', () => {
    const documented = new Set(operations(server.document).map(([method, path]) => `${method.toUpperCase()} ${path}`));
    const routes = server.app.floe.routes
      .filter((route) => route.url.startsWith('/api/v1') || ['/health', '/ready', '/metrics'].includes(route.url))
      .filter((route) => route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((route) => !documented.has(route))).toEqual([]);

    const tags = new Set((server.document.tags as Array<{ name: string }>).map((tag) => tag.name));
    const ids = new Set<string>();
    for (const [method, path, op] of operations(server.document)) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(op.operationId!), `${where}: duplicate operationId`).toBe(false);
      ids.add(op.operationId!);
      expect(op.tags?.length, where).toBe(1);
      expect(tags.has(op.tags![0]), where).toBe(true);
      expect(op.summary, where).toBeTruthy();
      for (const [status, response] of Object.entries(op.responses)) {
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
        expect(schemas.length, `${where} ${status} has no content`).toBeGreaterThan(0);
        for (const schema of schemas) expect(schema, `${where} ${status}`).toBeTruthy();
      }
      expect(Object.keys(op.responses).some((status) => status.startsWith('2')), where).toBe(true);
    }
  });

  it('documents who may call each operation and the problems it can answer', () => {
    for (const [method, path, op] of operations(server.document)) {
      const route = server.app.floe.routes.find((candidate) => candidate.method === method.toUpperCase() && candidate.url.replace(/:([A-Za-z]+)/g, '{$1}') === path);
      const secured = ((op as { security?: unknown[] }).security ?? []).length > 0;
      expect(secured, `${method} ${path}`).toBe(route?.access !== 'public');
      if (secured) expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
      expect(op.responses['503']?.content?.['application/problem+json'], `${method} ${path}`).toBeTruthy();
    }
  });

  it('has only schemas that compile as JSON Schema 2020-12 and are all used, every property described', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addKeyword('components');
    ajv.addSchema({ $id: 'openapi', components: (server.document as { components: unknown }).components });
    const schemas = (server.document as { components: { schemas: Record<string, unknown> } }).components.schemas;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Run', 'Step', 'RunEvent', 'RunList', 'ProductDetail', 'GraphNode', 'Asset', 'Schedule', 'Sensor', 'DaemonStatus', 'Problem']));
    for (const name of Object.keys(schemas)) expect(() => ajv.getSchema(`openapi#/components/schemas/${name}`), name).not.toThrow();
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${path}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const object = node as Record<string, unknown>;
      for (const [key, property] of Object.entries((object.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!property.description && !property.$ref) undocumented.push(`${path}.${key}`);
      }
      for (const [key, child] of Object.entries(object)) visit(child, `${path}/${key}`);
    };
    visit(schemas, 'components');
    expect(undocumented).toEqual([]);
  });
});
