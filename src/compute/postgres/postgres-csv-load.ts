/**
 * Seeds on PostgreSQL: infer a type per column from the whole file, create the
 * table, then stream the rows through COPY … FROM STDIN. The rows are
 * re-written as canonical CSV on the way (every value quoted, NULL as an
 * unquoted empty field), so BOMs, CRLF, blank lines and any delimiter reach
 * the server in one form it reads exactly as we parsed it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { FloeError } from '../../errors/index.js';
import type { CsvLoadOptions, RelationRef } from '../adapter.js';
import { checkWidth, inferCsvShape, readCsvRecords, type CsvColumn, type CsvRecord, type InferredCsvType } from '../csv/index.js';
import type { PostgresDialect } from './postgres-dialect.js';
import type { PostgresSession } from './postgres-session.js';
import { postgresErrorToSqlError } from './postgres-errors.js';
import type { PostgresSettings } from './postgres-config.js';

const POSTGRES_TYPES: Record<InferredCsvType, string> = {
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  text: 'text',
};

export async function loadCsvWithPostgres(
  session: PostgresSession,
  settings: PostgresSettings,
  dialect: PostgresDialect,
  relation: RelationRef,
  csvPath: string,
  options: CsvLoadOptions,
): Promise<number> {
  const shape = await inferCsvShape(csvPath, options.delimiter, options.columnTypes);
  // Unquoted names fold to lower case in PostgreSQL; quoting the folded name does the same and survives reserved words.
  const columnNames = shape.columns.map((column) => dialect.quoteIdentifier(options.quoteColumns ? column.name : column.name.toLowerCase()));
  const table = dialect.renderRelation(relation);
  const definitions = shape.columns.map((column, index) => `${columnNames[index]} ${columnType(column)}`);
  const copySql = `copy ${table} (${columnNames.join(', ')}) from stdin with (format csv, header false)`;
  // Create and fill together: a failed COPY must not leave an empty table behind.
  return session.transaction(async () => {
    await session.execute(`create table ${table} (\n  ${definitions.join(',\n  ')}\n)`);
    const copy = session.client.query(copyFrom(copySql));
    try {
      await pipeline(Readable.from(canonicalCsv(csvPath, options.delimiter, shape.columns.length)), copy);
    } catch (error) {
      if (error instanceof FloeError) throw error; // the file, not the server (e.g. changed since inference)
      throw postgresErrorToSqlError(error, copySql, settings);
    }
    return copy.rowCount;
  });
}

function columnType(column: CsvColumn): string {
  return column.override ?? POSTGRES_TYPES[column.inferred];
}

/** Data rows (header skipped) as canonical CSV text, in chunks of ~64 KB. */
async function* canonicalCsv(path: string, delimiter: string, width: number): AsyncGenerator<string> {
  let chunk = '';
  let header = true;
  for await (const record of readCsvRecords(path, delimiter)) {
    if (header) {
      header = false;
      continue;
    }
    checkWidth(record.fields.length, width, path, record.line);
    chunk += serialize(record);
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function serialize(record: CsvRecord): string {
  return record.fields.map((field) => (field.text === '' && !field.quoted ? '' : `"${field.text.replace(/"/g, '""')}"`)).join(',') + '\n';
}
