/** The state store's error codes and the errors a person sees most. */
import { FloeError } from '../../errors/index.js';
import type { RunStatus } from './records.js';
import { nextRunStatuses } from './run-transitions.js';

export const STATE_ERROR_CODES = {
  notMigrated: 'FLOE_STATE_NOT_MIGRATED',
  schemaTooNew: 'FLOE_STATE_SCHEMA_TOO_NEW',
  migrationFailed: 'FLOE_STATE_MIGRATION_FAILED',
  connectFailed: 'FLOE_STATE_CONNECT_FAILED',
  invalidOptions: 'FLOE_STATE_INVALID_OPTIONS',
  invalidInput: 'FLOE_STATE_INVALID_INPUT',
  runNotFound: 'FLOE_STATE_RUN_NOT_FOUND',
  runIdAmbiguous: 'FLOE_STATE_RUN_ID_AMBIGUOUS',
  runIdInvalid: 'FLOE_STATE_RUN_ID_INVALID',
  illegalTransition: 'FLOE_STATE_ILLEGAL_TRANSITION',
  busy: 'FLOE_STATE_BUSY',
  fenced: 'FLOE_STATE_FENCED',
  alreadyRetried: 'FLOE_STATE_ALREADY_RETRIED',
  instigatorNotFound: 'FLOE_STATE_INSTIGATOR_NOT_FOUND',
  productNotFound: 'FLOE_STATE_PRODUCT_NOT_FOUND',
  digestMismatch: 'FLOE_STATE_DIGEST_MISMATCH',
  closed: 'FLOE_STATE_CLOSED',
  database: 'FLOE_STATE_DATABASE_ERROR',
} as const;

export function runNotFoundError(idOrPrefix: string): FloeError {
  return new FloeError(STATE_ERROR_CODES.runNotFound, `No run with id ${idOrPrefix}.`, {
    hint: 'List recent runs with `floe status`.',
  });
}

export function illegalTransitionError(id: string, from: RunStatus, to: RunStatus): FloeError {
  const next = nextRunStatuses(from);
  return new FloeError(STATE_ERROR_CODES.illegalTransition, `Run ${id} is ${from}; it cannot become ${to}.`, {
    hint:
      next.length === 0
        ? `${from} is final. Start a new run (or \`floe run --retry-failed ${id}\`) instead.`
        : `From ${from} a run can become ${next.join(' or ')}.`,
  });
}

export function invalidInputError(message: string, hint?: string): FloeError {
  return new FloeError(STATE_ERROR_CODES.invalidInput, message, hint ? { hint } : {});
}
