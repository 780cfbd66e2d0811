export { CsvParser, parseCsvText } from './csv-parser.js';
export type { CsvField, CsvRecord } from './csv-parser.js';
export { readCsvRecords, checkDelimiter } from './csv-file-reader.js';
export { inferCsvShape, readCsvHeader, matchColumnTypes, checkWidth } from './csv-type-inference.js';
export type { CsvColumn, CsvShape, InferredCsvType } from './csv-type-inference.js';
