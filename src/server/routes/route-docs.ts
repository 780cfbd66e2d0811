/**
 * The parts of a route's schema every route writes the same way: its
 * OpenAPI identity (operationId, tag, summary), who may call it, and the
 * problem documents it may answer with.
 */
import type { Access } from '../auth/access.js';
import { PROBLEM_MEDIA_TYPE, problemSchema } from '../problems/problem-document.js';

export const API_TAGS = [
  { name: 'products', description: 'Registered data products, their versions and node graphs.' },
  { name: 'assets', description: 'Each node of a product as an asset: its last materialization, status, rows and history.' },
  { name: 'runs', description: 'Runs: list, detail, steps, events (with a live tail), trigger, cancel, re-execute.' },
  { name: 'schedules', description: 'Cron schedules: list, next ticks, pause, resume.' },
  { name: 'sensors', description: 'Sensors on upstream output ports: list, pause, resume.' },
  { name: 'daemon', description: 'The scheduler/launcher daemon: leader, term and heartbeat age.' },
  { name: 'service', description: 'Liveness, readiness, metrics, the caller, and this document.' },
] as const;
export type ApiTag = (typeof API_TAGS)[number]['name'];

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid (each problem is listed in `errors`).',
  401: 'No valid API token was sent.',
  403: 'The token’s role may not do this.',
  404: 'Not found.',
  409: 'The request conflicts with the current state.',
  413: 'The body is larger than allowed.',
  415: 'The body’s media type is not accepted.',
  422: 'The body could not be processed.',
  503: 'The state store is unavailable.',
};

const problemResponse = (description: string) => ({ description, content: { [PROBLEM_MEDIA_TYPE]: { schema: problemSchema } } });

/** Problem responses for these statuses, plus 401/403 for non-public routes and 503 for every route. */
export function problemResponses(access: Access, ...statuses: number[]): Record<string, ReturnType<typeof problemResponse>> {
  const all = new Set([...statuses, ...(access === 'public' ? [] : [401, 403]), 503]);
  return Object.fromEntries([...all].sort().map((status) => [String(status), problemResponse(DESCRIPTIONS[status] ?? 'An error.')]));
}

/** OpenAPI identity of an operation; non-public operations name the bearer scheme. */
export function operation(access: Access, operationId: string, tag: ApiTag, summary: string, description?: string) {
  return {
    operationId,
    tags: [tag],
    summary,
    ...(description ? { description } : {}),
    ...(access === 'public' ? { security: [] } : { security: [{ bearerAuth: [] }] }),
  };
}

export interface OperationDoc {
  operationId: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  /** Problem statuses besides 401/403/503. */
  errors?: number[];
}

/**
 * A route's options: its access level (config) and its schema with the
 * operation's OpenAPI identity and its problem responses added.
 */
export function route<const S extends { response: Record<number, unknown> }>(access: Access, doc: OperationDoc, schema: S, extra: { bodyLimit?: number } = {}) {
  return {
    ...extra,
    config: { access },
    schema: {
      ...operation(access, doc.operationId, doc.tag, doc.summary, doc.description),
      ...schema,
      response: { ...schema.response, ...problemResponses(access, ...(doc.errors ?? [])) },
    },
  };
}
