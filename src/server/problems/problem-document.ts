/**
 * RFC 9457 problem documents: every error the webserver answers with is one
 * of these, served as `application/problem+json`. `type` names the floe
 * error code, so clients branch on `code` rather than on English text.
 */
import { z } from 'zod';
import { FloeError, FloeErrors } from '../../errors/index.js';
import { statusForCode } from './error-statuses.js';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://floe.dev/problems/';

// Loose: RFC 9457 allows extension members (readiness adds its `checks`).
export const problemSchema = z
  .looseObject({
    type: z.string().describe('A URI naming the kind of problem: https://floe.dev/problems/<code>.'),
    title: z.string().describe('A short summary of the kind of problem.'),
    status: z.number().int().min(400).max(599).describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong in this request, in words a person can act on.'),
    instance: z.string().optional().describe('The request path the problem occurred on.'),
    code: z.string().describe('The floe error code (FLOE_…).'),
    hint: z.string().optional().describe('How to fix it.'),
    errors: z
      .array(z.object({ path: z.string().describe('Where in the request (e.g. body.product, query.limit).'), message: z.string().describe('What is wrong there.') }))
      .optional()
      .describe('Every invalid part of the request, when it failed validation.'),
  })
  .describe('An RFC 9457 problem document.')
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problem(status: number, code: string, detail: string, extra: { hint?: string; instance?: string; errors?: Problem['errors'] } = {}): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? (status >= 500 ? 'Server error' : 'Client error'),
    status,
    detail,
    code,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.hint ? { hint: extra.hint } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

/** A FloeError (or several) as a problem, its status from its code. */
export function problemFromFloeError(error: FloeError | FloeErrors, instance?: string): Problem {
  if (error instanceof FloeErrors) {
    const first = error.errors[0];
    const status = statusForCode(first?.code ?? 'FLOE_ERROR');
    return problem(status, first?.code ?? 'FLOE_ERROR', error.errors.map((e) => e.message).join('\n'), {
      ...(first?.hint ? { hint: first.hint } : {}),
      ...(instance ? { instance } : {}),
    });
  }
  const detail = error.detail ? `${error.message}\n${error.detail}` : error.message;
  return problem(statusForCode(error.code), error.code, detail, { ...(error.hint ? { hint: error.hint } : {}), ...(instance ? { instance } : {}) });
}
