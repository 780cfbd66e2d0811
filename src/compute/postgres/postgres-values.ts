/**
 * Result parsing for this adapter's pool only (pg's global parsers stay
 * untouched): the plain values described in ../plain-values.ts, and readable
 * type names for result columns.
 */
import pg, { type CustomTypesConfig } from 'pg';
import { bigintToPlain, numericTextToPlain, timestampTextToDate } from '../plain-values.js';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const INTERVAL = 1186;

const textParsers = new Map<number, (text: string) => unknown>([
  [INT8, (text) => bigintToPlain(BigInt(text))],
  [NUMERIC, numericTextToPlain],
  [DATE, (text) => text],
  [TIMESTAMP, timestampTextToDate],
  [INTERVAL, (text) => text], // as DuckDB gives it: text, not pg's interval object
]);

export const plainTypeParsers: CustomTypesConfig = {
  // pg types this as returning `any`; our parsers return unknown values, which is what it passes through.
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const parser = (format ?? 'text') === 'text' ? textParsers.get(oid) : undefined;
    return parser ?? pg.types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

/** Built-in type OIDs → the names `format_type()` gives, for result columns without a catalog query. */
export const BUILTIN_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [16, 'boolean'], [17, 'bytea'], [18, '"char"'], [19, 'name'], [20, 'bigint'], [21, 'smallint'], [23, 'integer'],
  [25, 'text'], [26, 'oid'], [114, 'json'], [700, 'real'], [701, 'double precision'], [1042, 'character'],
  [1043, 'character varying'], [1082, 'date'], [1083, 'time without time zone'], [1114, 'timestamp without time zone'],
  [1184, 'timestamp with time zone'], [1186, 'interval'], [1266, 'time with time zone'], [1700, 'numeric'],
  [2950, 'uuid'], [3802, 'jsonb'], [1000, 'boolean[]'], [1005, 'smallint[]'], [1007, 'integer[]'], [1009, 'text[]'],
  [1016, 'bigint[]'], [1015, 'character varying[]'], [1022, 'double precision[]'], [1231, 'numeric[]'], [2249, 'record'],
  [2278, 'void'], [705, 'unknown'],
]);
