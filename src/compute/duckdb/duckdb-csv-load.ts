/** Seeds on DuckDB: its own CSV reader, in one CREATE TABLE … AS. */
import type { CsvLoadOptions, RelationRef } from '../adapter.js';
import { matchColumnTypes, readCsvHeader } from '../csv/index.js';
import type { DuckDbDialect } from './duckdb-dialect.js';
import type { DuckDbSession } from './duckdb-session.js';

/**
 * Types are auto-detected over the whole file (`sample_size = -1`), with
 * `columnTypes` overriding by column. DuckDB identifiers are case-insensitive,
 * so `quoteColumns` changes nothing here: the header's names are kept.
 */
export async function loadCsvWithDuckDb(
  session: DuckDbSession,
  dialect: DuckDbDialect,
  relation: RelationRef,
  csvPath: string,
  options: CsvLoadOptions,
): Promise<number> {
  // Reading the header ourselves checks the file and the delimiter, and lets a
  // column_types key that names no column fail with a suggestion.
  const header = await readCsvHeader(csvPath, options.delimiter);
  const overrides = matchColumnTypes(header, options.columnTypes, csvPath);
  const readerOptions = [
    'header = true',
    `delim = ${dialect.quoteString(options.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    // As PostgreSQL's COPY: only an unquoted empty field is NULL; "" is an empty string.
    'allow_quoted_nulls = false',
    'auto_detect = true',
    'sample_size = -1',
  ];
  if (overrides.size > 0) {
    const types = [...overrides].map(([column, type]) => `${dialect.quoteString(column)}: ${dialect.quoteString(type)}`);
    readerOptions.push(`types = {${types.join(', ')}}`);
  }
  const sql = `create table ${dialect.renderRelation(relation)} as\nselect * from read_csv(${dialect.quoteString(csvPath)}, ${readerOptions.join(', ')})`;
  const result = await session.execute(sql);
  return result.rowsAffected ?? 0;
}
