/** Turning EventInputs into rows, with every field checked before anything is written. */
import type { Insertable } from 'kysely';
import type { EventsTable } from './database-schema.js';
import { isoTimestamp, jsonText, requireOneOf, requireText } from './record-mapping.js';
import { EVENT_LEVELS } from './records.js';
import { invalidInputError } from './state-errors.js';
import type { EventInput } from './state-store.js';

export function eventRow(runId: string, event: EventInput, now: string, index: number): Insertable<EventsTable> {
  const where = `event ${index}`;
  if (typeof event.message !== 'string') throw invalidInputError(`${where}: message must be a string.`);
  return {
    run_id: runId,
    step: event.step ?? null,
    timestamp: event.timestamp === undefined ? now : isoTimestamp(event.timestamp, `${where} timestamp`),
    level: requireOneOf(event.level ?? 'info', EVENT_LEVELS, `${where} level`),
    kind: requireText(event.kind, `${where} kind`),
    message: event.message,
    data: jsonText(event.data),
  };
}
