/**
 * Infers one logical type per CSV column from every value in it (not a
 * sample: a seed is small, and a late outlier must not break the load).
 * An unquoted empty field is NULL and says nothing about the type.
 */
import { FloeError, didYouMean } from '../../errors/index.js';
import { readCsvRecords } from './csv-file-reader.js';

export type InferredCsvType = 'integer' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'text';

export interface CsvColumn {
  /** The header's name, as written. */
  name: string;
  inferred: InferredCsvType;
  /** The `columnTypes` override for this column, if any (engine type text). */
  override?: string;
}

export interface CsvShape {
  columns: CsvColumn[];
  /** Data rows (header excluded). */
  rowCount: number;
}

const INTEGER = /^[+-]?\d+$/;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/;
const TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isRealDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isRealTime(match: RegExpExecArray): boolean {
  if (!isRealDate(match[1], match[2], match[3])) return false;
  if (match[4] === undefined) return true;
  return Number(match[4]) < 24 && Number(match[5]) < 60 && (match[6] === undefined || Number(match[6]) < 60);
}

/** Which types every non-null value seen so far still fits. */
class ColumnEvidence {
  integer = true;
  bigint = true;
  numeric = true;
  boolean = true;
  date = true;
  timestamp = true;
  timestamptz = true;
  values = 0;

  observe(text: string): void {
    this.values++;
    if (this.bigint) {
      if (INTEGER.test(text)) {
        const value = BigInt(text);
        if (value < INT32_MIN || value > INT32_MAX) this.integer = false;
        if (value < INT64_MIN || value > INT64_MAX) this.bigint = this.integer = false;
      } else {
        this.integer = this.bigint = false;
      }
    }
    if (this.numeric && !NUMERIC.test(text)) this.numeric = false;
    if (this.boolean && !/^(true|false)$/i.test(text)) this.boolean = false;
    if (this.date) {
      const match = DATE.exec(text);
      if (!match || !isRealDate(match[1], match[2], match[3])) this.date = false;
    }
    if (this.timestamp) {
      const match = TIMESTAMP.exec(text);
      if (!match || !isRealTime(match)) this.timestamp = false;
    }
    if (this.timestamptz) {
      const match = TIMESTAMPTZ.exec(text);
      if (!match || !isRealTime(match)) this.timestamptz = false;
    }
  }

  result(): InferredCsvType {
    if (this.values === 0) return 'text';
    if (this.integer) return 'integer';
    if (this.bigint) return 'bigint';
    if (this.numeric) return 'numeric';
    if (this.boolean) return 'boolean';
    if (this.date) return 'date';
    if (this.timestamp) return 'timestamp';
    if (this.timestamptz) return 'timestamptz';
    return 'text';
  }
}

/** Reads the header line only: column names as written. */
export async function readCsvHeader(path: string, delimiter: string): Promise<string[]> {
  for await (const record of readCsvRecords(path, delimiter)) {
    const names = record.fields.map((field) => field.text);
    checkHeader(names, path, record.line);
    return names;
  }
  throw emptyFile(path);
}

/**
 * Match `columnTypes` keys to header names: exact first, then ignoring case.
 * An override naming no column is an error that suggests the nearest name.
 */
export function matchColumnTypes(header: string[], columnTypes: Record<string, string>, path: string): Map<string, string> {
  const byColumn = new Map<string, string>();
  for (const [key, type] of Object.entries(columnTypes)) {
    const column = header.find((name) => name === key) ?? header.find((name) => name.toLowerCase() === key.toLowerCase());
    if (column === undefined) {
      const suggestion = didYouMean(key, header);
      throw new FloeError('FLOE_CSV_UNKNOWN_COLUMN', `column_types names column '${key}', which ${path} does not have`, {
        position: { file: path, line: 1 },
        hint: `${suggestion ? `${suggestion} ` : ''}the header has: ${header.join(', ')}`,
      });
    }
    byColumn.set(column, type);
  }
  return byColumn;
}

/** Reads the whole file once: header, a type per column, row count; checks every row has the header's width. */
export async function inferCsvShape(path: string, delimiter: string, columnTypes: Record<string, string> = {}): Promise<CsvShape> {
  let header: string[] | undefined;
  let evidence: ColumnEvidence[] = [];
  let rowCount = 0;
  for await (const record of readCsvRecords(path, delimiter)) {
    if (!header) {
      header = record.fields.map((field) => field.text);
      checkHeader(header, path, record.line);
      evidence = header.map(() => new ColumnEvidence());
      continue;
    }
    checkWidth(record.fields.length, header.length, path, record.line);
    record.fields.forEach((field, index) => {
      if (field.text !== '' || field.quoted) evidence[index].observe(field.text);
    });
    rowCount++;
  }
  if (!header) throw emptyFile(path);
  const overrides = matchColumnTypes(header, columnTypes, path);
  return {
    columns: header.map((name, index) => ({ name, inferred: evidence[index].result(), override: overrides.get(name) })),
    rowCount,
  };
}

export function checkWidth(width: number, expected: number, path: string, line: number): void {
  if (width !== expected) {
    throw new FloeError('FLOE_CSV_PARSE', `line ${line} of ${path} has ${width} field${width === 1 ? '' : 's'}, the header has ${expected}`, {
      position: { file: path, line },
      hint: `check for a missing or extra delimiter on that line (values containing the delimiter must be quoted)`,
    });
  }
}

function checkHeader(names: string[], path: string, line: number): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name.trim() === '') {
      throw new FloeError('FLOE_CSV_PARSE', `column ${index + 1} of the header of ${path} has no name`, {
        position: { file: path, line },
        hint: 'give every column a name in the first line',
      });
    }
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw new FloeError('FLOE_CSV_PARSE', `the header of ${path} names column '${name}' twice`, {
        position: { file: path, line },
        hint: 'column names must be unique (ignoring case)',
      });
    }
    seen.add(key);
  });
}

function emptyFile(path: string): FloeError {
  return new FloeError('FLOE_CSV_PARSE', `${path} is empty: a seed needs a header line`, {
    position: { file: path },
    hint: 'add a first line naming the columns',
  });
}
