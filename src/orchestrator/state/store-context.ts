/**
 * What the SQL store's parts share: the database (refused once the store is
 * closed), its kind, its clock and its run id generator.
 */
import type { Kysely } from 'kysely';
import { FloeError } from '../../errors/index.js';
import type { StateDatabase } from './database-schema.js';
import type { UuidV7Generator } from './run-id.js';
import { STATE_ERROR_CODES } from './state-errors.js';
import type { StateStoreKind } from './state-store.js';

export interface StoreContext {
  readonly kind: StateStoreKind;
  /** The database; FLOE_STATE_CLOSED after close(). */
  db(): Kysely<StateDatabase>;
  now(): Date;
  newRunId(at: Date): string;
}

export function createStoreContext(kind: StateStoreKind, db: Kysely<StateDatabase>, clock: () => Date, newId: UuidV7Generator, isClosed: () => boolean): StoreContext {
  return {
    kind,
    db() {
      if (isClosed()) {
        throw new FloeError(STATE_ERROR_CODES.closed, 'The state store was already closed.', { hint: 'Open a new one with openStateStore().' });
      }
      return db;
    },
    now: clock,
    newRunId: (at) => newId(at.getTime()),
  };
}

/** A bounded page size: `fallback` when not given, at most `max`. */
export function boundedLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new FloeError(STATE_ERROR_CODES.invalidInput, `limit must be a whole number ≥ 1, got ${limit}.`);
  }
  return Math.min(limit, max);
}
