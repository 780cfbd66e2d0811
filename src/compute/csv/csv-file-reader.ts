/**
 * Streams a CSV file through `CsvParser` record by record, so inference and
 * loading never hold a whole file in memory.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { FloeError } from '../../errors/index.js';
import { CsvParser, type CsvRecord } from './csv-parser.js';

export function checkDelimiter(delimiter: string, file: string): void {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new FloeError('FLOE_CSV_DELIMITER', `delimiter ${JSON.stringify(delimiter)} for ${file} must be a single character other than a quote or a newline`, {
      position: { file },
      hint: "set the seed's `delimiter` to one character, e.g. ',' ';' '|' or a tab",
    });
  }
}

/** Yields every record of `path` in order (the header first). */
export async function* readCsvRecords(path: string, delimiter: string): AsyncGenerator<CsvRecord> {
  checkDelimiter(delimiter, path);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new FloeError('FLOE_CSV_NOT_FOUND', `CSV file not found: ${path}`, { position: { file: path }, hint: 'check the seed path' });
  }
  const parser = new CsvParser(delimiter, path);
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    let text = chunk as string;
    if (first) {
      text = text.replace(/^\uFEFF/, ''); // byte order mark some spreadsheet tools write
      first = false;
    }
    yield* parser.push(text);
  }
  yield* parser.end();
}
