/**
 * A webserver over a real store (SQLite file or PostgreSQL database), with
 * one token per role, answered in-process (Fastify's inject: the full
 * request pipeline without a socket). Every response goes through the
 * OpenAPI document's check, so each test also checks the document.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiRole } from '../../../src/config/index.js';
import type { StateStore } from '../../../src/orchestrator/index.js';
import { createWebserver, openApiDocument, type WebserverOptions } from '../../../src/server/index.js';
import { OpenApiResponses } from './openapi-responses.js';

export const TOKENS: Record<ApiRole, string> = {
  viewer: 'viewer-token-0123456789abcdef',
  operator: 'operator-token-0123456789abcdef',
  admin: 'admin-token-0123456789abcdef',
};

/** Who calls: a role's token, no token, or a token the server does not know. */
export type Caller = ApiRole | 'anonymous' | 'invalid';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read field by field
}

export interface CallOptions {
  body?: unknown;
  /** Raw bytes (a bundle) instead of JSON. */
  bytes?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface TestWebserver {
  app: FastifyInstance;
  store: StateStore;
  document: Record<string, unknown>;
  responses: OpenApiResponses;
  call(caller: Caller, method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export function authorizationFor(caller: Caller): Record<string, string> {
  if (caller === 'anonymous') return {};
  if (caller === 'invalid') return { authorization: 'Bearer not-a-known-token-0000000000' };
  return { authorization: `Bearer ${TOKENS[caller]}` };
}

export async function testWebserver(store: StateStore, options: Partial<WebserverOptions> & { anonymousRead?: boolean } = {}): Promise<TestWebserver> {
  const { anonymousRead, ...rest } = options;
  const app = await createWebserver({
    store,
    auth: { anonymousRead: anonymousRead ?? false, tokens: (Object.keys(TOKENS) as ApiRole[]).map((role) => ({ name: `${role}-client`, role, token: TOKENS[role] })) },
    uiDir: null,
    eventPollIntervalMs: 20,
    ...rest,
  });
  const document = await openApiDocument(app);
  const responses = new OpenApiResponses(document);
  return {
    app,
    store,
    document,
    responses,
    async call(caller, method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...authorizationFor(caller), ...callOptions.headers };
      let payload: string | Buffer | undefined;
      if (callOptions.bytes !== undefined) {
        payload = callOptions.bytes;
        headers['content-type'] = callOptions.contentType ?? 'application/vnd.floe.product.bundle.v1.tar+gzip';
      } else if (callOptions.body !== undefined) {
        payload = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
        headers['content-type'] = callOptions.contentType ?? 'application/json';
      }
      const response = await app.inject({ method: method as 'GET', url: path, headers, ...(payload !== undefined ? { payload } : {}) });
      const contentType = response.headers['content-type'] as string | undefined;
      // The API and the service endpoints are documented; the UI's files are not.
      if (/^\/(api\/|health|ready|metrics)/.test(path)) responses.check({ method, path, status: response.statusCode, contentType, body: response.body });
      let json: unknown;
      try {
        json = JSON.parse(response.body);
      } catch {
        json = undefined;
      }
      return { status: response.statusCode, headers: response.headers, body: response.body, json };
    },
    async close() {
      await app.close();
    },
  };
}
