/**
 * Every error the webserver answers with becomes a problem document:
 * validation failures list each invalid part, FloeErrors keep their code and
 * hint, Fastify's own errors (bad JSON, oversized body, wrong media type) get
 * floe codes, and anything unexpected is a 500 that says nothing internal
 * (it is logged instead).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { FloeError, FloeErrors } from '../../errors/index.js';
import { API_ERROR_CODES } from './error-statuses.js';
import { PROBLEM_MEDIA_TYPE, problem, problemFromFloeError, type Problem } from './problem-document.js';

/** Fastify's error codes → floe's. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: API_ERROR_CODES.bodyTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: API_ERROR_CODES.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: API_ERROR_CODES.invalidRequest,
  FST_ERR_CTP_EMPTY_JSON_BODY: API_ERROR_CODES.invalidRequest,
  FST_ERR_CTP_INVALID_JSON_BODY: API_ERROR_CODES.invalidRequest,
};

const HINTS: Record<string, string> = {
  [API_ERROR_CODES.bodyTooLarge]: 'Send a smaller body (product bundles: FLOE_BUNDLE_MAX_BYTES sets the limit).',
  [API_ERROR_CODES.unsupportedMediaType]: 'Send JSON with Content-Type: application/json (bundles: application/vnd.floe.product.bundle.v1.tar+gzip).',
};

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_MEDIA_TYPE).send(body);
}

export function problemForError(error: unknown, request: FastifyRequest): Problem {
  const instance = request.url.split('?')[0];
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'request';
    const errors = error.validation.map((issue) => ({
      path: [context, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
      message: issue.message ?? 'is invalid',
    }));
    const detail = `The request is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`;
    return problem(400, API_ERROR_CODES.invalidRequest, detail, { instance, errors, hint: 'See the operation in /api/openapi.json for what it accepts.' });
  }
  if (error instanceof FloeError || error instanceof FloeErrors) return problemFromFloeError(error, instance);
  const fastifyError = error as Partial<FastifyError>;
  if (!isResponseSerializationError(error) && typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = (fastifyError.code && FASTIFY_CODES[fastifyError.code]) ?? (fastifyError.statusCode === 413 ? API_ERROR_CODES.bodyTooLarge : fastifyError.statusCode === 415 ? API_ERROR_CODES.unsupportedMediaType : API_ERROR_CODES.invalidRequest);
    const hint = HINTS[code];
    return problem(fastifyError.statusCode, code, fastifyError.message ?? 'The request is invalid.', { instance, ...(hint ? { hint } : {}) });
  }
  return problem(500, API_ERROR_CODES.internal, 'The server failed to answer this request; the error is in its log.', { instance });
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = problemForError(error, request);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, API_ERROR_CODES.notFound, `Nothing is served at ${request.method} ${request.url.split('?')[0]}.`, { instance: request.url.split('?')[0], hint: 'The API is described at /api/openapi.json.' })),
  );
}
