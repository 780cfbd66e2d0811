/**
 * Which HTTP status a floe error code answers with. Codes not listed are
 * 400 when they describe bad input (…_INVALID…) and 500 otherwise — a 500
 * is a bug to fix here, never a user's fault.
 */
import { BUNDLE_ERROR_CODES, STATE_ERROR_CODES, TRIGGER_ERROR_CODES } from '../../orchestrator/index.js';

export const API_ERROR_CODES = {
  invalidRequest: 'FLOE_API_INVALID_REQUEST',
  unauthorized: 'FLOE_API_UNAUTHORIZED',
  forbidden: 'FLOE_API_FORBIDDEN',
  notFound: 'FLOE_API_NOT_FOUND',
  methodNotAllowed: 'FLOE_API_METHOD_NOT_ALLOWED',
  bodyTooLarge: 'FLOE_API_BODY_TOO_LARGE',
  unsupportedMediaType: 'FLOE_API_UNSUPPORTED_MEDIA_TYPE',
  notReady: 'FLOE_API_NOT_READY',
  internal: 'FLOE_API_INTERNAL',
} as const;

const STATUS_BY_CODE: Record<string, number> = {
  [API_ERROR_CODES.invalidRequest]: 400,
  [API_ERROR_CODES.unauthorized]: 401,
  [API_ERROR_CODES.forbidden]: 403,
  [API_ERROR_CODES.notFound]: 404,
  [API_ERROR_CODES.methodNotAllowed]: 405,
  [API_ERROR_CODES.bodyTooLarge]: 413,
  [API_ERROR_CODES.unsupportedMediaType]: 415,
  [API_ERROR_CODES.notReady]: 503,
  [API_ERROR_CODES.internal]: 500,

  [STATE_ERROR_CODES.invalidInput]: 400,
  [STATE_ERROR_CODES.runIdInvalid]: 400,
  // A prefix matching several runs: the request must say more.
  [STATE_ERROR_CODES.runIdAmbiguous]: 400,
  [STATE_ERROR_CODES.runNotFound]: 404,
  [STATE_ERROR_CODES.instigatorNotFound]: 404,
  [STATE_ERROR_CODES.productNotFound]: 404,
  [STATE_ERROR_CODES.illegalTransition]: 409,
  [STATE_ERROR_CODES.digestMismatch]: 400,
  [STATE_ERROR_CODES.busy]: 503,
  [STATE_ERROR_CODES.database]: 503,
  [STATE_ERROR_CODES.connectFailed]: 503,
  [STATE_ERROR_CODES.notMigrated]: 503,
  [STATE_ERROR_CODES.schemaTooNew]: 503,
  [STATE_ERROR_CODES.closed]: 503,

  [TRIGGER_ERROR_CODES.productNotFound]: 404,
  [TRIGGER_ERROR_CODES.versionNotFound]: 404,
  FLOE_RUN_REQUEST_INVALID: 400,
  FLOE_RUN_NOTHING_TO_RETRY: 409,
  FLOE_RUN_NOT_RETRYABLE: 409,

  [BUNDLE_ERROR_CODES.digestMismatch]: 400,
  [BUNDLE_ERROR_CODES.tooLarge]: 413,
  [BUNDLE_ERROR_CODES.notATarball]: 422,
  [BUNDLE_ERROR_CODES.unsafePath]: 422,
  [BUNDLE_ERROR_CODES.link]: 422,
  [BUNDLE_ERROR_CODES.unsupportedEntry]: 422,
  [BUNDLE_ERROR_CODES.duplicateEntry]: 422,
  [BUNDLE_ERROR_CODES.noArtifacts]: 422,
  [BUNDLE_ERROR_CODES.invalidArtifacts]: 422,
  [BUNDLE_ERROR_CODES.notFound]: 404,
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? (/_INVALID/.test(code) ? 400 : 500);
}
