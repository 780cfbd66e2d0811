/**
 * What a person may type for a run id: the full UUID, or a prefix of at least
 * 8 hex digits, with or without dashes, in any case. Note UUIDv7 ids begin
 * with their timestamp: runs made within the same minute share the first 8
 * digits, so recent runs usually need 12 or more to be told apart.
 */
import { FloeError } from '../../errors/index.js';
import { isUuid } from './run-id.js';
import { STATE_ERROR_CODES } from './state-errors.js';

export const MIN_RUN_ID_PREFIX = 8;

export type RunIdQuery = { exact: string } | { prefix: string };

export function parseRunIdQuery(input: string): RunIdQuery {
  const text = input.trim().toLowerCase();
  if (isUuid(text)) return { exact: text };
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-f]*$/.test(hex) || hex.length > 32) {
    throw new FloeError(STATE_ERROR_CODES.runIdInvalid, `"${input}" is not a run id.`, {
      hint: 'Run ids look like 0196f1d2-7c4a-7b3e-9a12-3f5e6d7c8b9a; `floe status` lists recent ones.',
    });
  }
  if (hex.length < MIN_RUN_ID_PREFIX) {
    throw new FloeError(STATE_ERROR_CODES.runIdInvalid, `Run id prefix "${input}" is too short.`, {
      hint: `Give at least ${MIN_RUN_ID_PREFIX} hex digits of the run id, or the whole id.`,
    });
  }
  if (hex.length === 32) return { exact: withDashes(hex) };
  return { prefix: withDashes(hex) };
}

// Dashes sit after hex digit 8, 12, 16 and 20 of a UUID.
function withDashes(hex: string): string {
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)];
  return parts.filter((part) => part !== '').join('-');
}
