import { describe, expect, it } from 'vitest';
import { createUuidV7Generator, isUuid, uuidV7Time } from './run-id.js';
import { parseRunIdQuery } from './run-id-query.js';

describe('UUIDv7 run ids', () => {
  it('are RFC 9562 version 7 UUIDs carrying their creation time', () => {
    const next = createUuidV7Generator();
    const at = Date.parse('2026-11-26T18:16:04.123Z');
    const id = next(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(uuidV7Time(id).toISOString()).toBe('2026-11-26T18:16:04.123Z');
  });

  it('sort in the order they were made, even thousands within one millisecond', () => {
    const next = createUuidV7Generator();
    const at = Date.parse('2026-01-01T00:00:00Z');
    const ids = Array.from({ length: 10_000 }, () => next(at));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keep sorting when the clock steps back', () => {
    const next = createUuidV7Generator();
    const first = next(Date.parse('2026-01-01T00:00:01Z'));
    const second = next(Date.parse('2026-01-01T00:00:00Z'));
    expect(second > first).toBe(true);
  });
});

describe('run id queries', () => {
  const id = '0196f1d2-7c4a-7b3e-9a12-3f5e6d7c8b9a';

  it('take a full id, or a prefix with or without dashes in any case', () => {
    expect(parseRunIdQuery(id)).toEqual({ exact: id });
    expect(parseRunIdQuery(` ${id.toUpperCase()} `)).toEqual({ exact: id });
    expect(parseRunIdQuery(id.replace(/-/g, ''))).toEqual({ exact: id });
    expect(parseRunIdQuery('0196F1D27C4A7')).toEqual({ prefix: '0196f1d2-7c4a-7' });
    expect(parseRunIdQuery('0196f1d2')).toEqual({ prefix: '0196f1d2' });
  });

  it('refuse short prefixes and things that are not ids', () => {
    expect(() => parseRunIdQuery('0196f1d')).toThrow(expect.objectContaining({ code: 'FLOE_STATE_RUN_ID_INVALID' }));
    expect(() => parseRunIdQuery('last')).toThrow(expect.objectContaining({ code: 'FLOE_STATE_RUN_ID_INVALID' }));
    expect(() => parseRunIdQuery(`${id}0`)).toThrow(expect.objectContaining({ code: 'FLOE_STATE_RUN_ID_INVALID' }));
  });
});
