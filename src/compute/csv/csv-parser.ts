/**
 * An incremental RFC 4180 parser: quoted fields, doubled quotes inside them,
 * delimiters and newlines inside quotes, CRLF or LF line ends. It follows
 * PostgreSQL's CSV rules so the types we infer match what COPY then reads:
 * an unquoted empty field is NULL, a quoted empty field ("") is ''.
 */
import { FloeError } from '../../errors/index.js';

export interface CsvField {
  text: string;
  /** The field was written in quotes (so "" is an empty string, not NULL). */
  quoted: boolean;
}

export interface CsvRecord {
  fields: CsvField[];
  /** 1-based line where the record starts. */
  line: number;
}

const QUOTE = '"';

export class CsvParser {
  private readonly delimiter: string;
  private readonly file: string;
  private fields: CsvField[] = [];
  private field = '';
  private fieldQuoted = false;
  private inQuotes = false;
  /** The previous char closed a quoted section (a following quote is an escaped quote). */
  private quoteJustClosed = false;
  private pendingCarriageReturn = false;
  private line = 1;
  private recordLine = 1;
  private quoteOpenedAtLine = 1;
  private recordHasContent = false;

  constructor(delimiter: string, file: string) {
    this.delimiter = delimiter;
    this.file = file;
  }

  /** Feed the next chunk of text; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (this.pendingCarriageReturn) {
        this.pendingCarriageReturn = false;
        if (char === '\n') continue;
      }
      if (this.inQuotes) {
        if (char === QUOTE) {
          this.inQuotes = false;
          this.quoteJustClosed = true;
        } else {
          if (char === '\n') this.line++;
          this.field += char;
        }
        continue;
      }
      if (char === QUOTE) {
        if (this.quoteJustClosed) this.field += QUOTE; // "" inside quotes
        this.inQuotes = true;
        this.fieldQuoted = true;
        this.quoteJustClosed = false;
        this.recordHasContent = true;
        this.quoteOpenedAtLine = this.line;
        continue;
      }
      this.quoteJustClosed = false;
      if (char === this.delimiter) {
        this.endField();
        this.recordHasContent = true;
      } else if (char === '\n' || char === '\r') {
        if (char === '\r') this.pendingCarriageReturn = true;
        const record = this.endRecord();
        if (record) records.push(record);
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += char;
        this.recordHasContent = true;
      }
    }
    return records;
  }

  /** Signal the end of input; returns the last record if the file did not end with a newline. */
  end(): CsvRecord[] {
    if (this.inQuotes) {
      throw new FloeError('FLOE_CSV_PARSE', `unterminated quoted field starting on line ${this.quoteOpenedAtLine}`, {
        position: { file: this.file, line: this.quoteOpenedAtLine },
        hint: 'close the quote with " (write "" for a quote inside a quoted field)',
      });
    }
    const record = this.endRecord();
    return record ? [record] : [];
  }

  private endField(): void {
    this.fields.push({ text: this.field, quoted: this.fieldQuoted });
    this.field = '';
    this.fieldQuoted = false;
  }

  private endRecord(): CsvRecord | undefined {
    if (!this.recordHasContent && this.fields.length === 0 && this.field === '') return undefined; // blank line
    this.endField();
    const record = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.recordHasContent = false;
    return record;
  }
}

/** Parse a whole CSV text at once (small inputs and tests). */
export function parseCsvText(text: string, delimiter = ',', file = '<csv>'): CsvRecord[] {
  const parser = new CsvParser(delimiter, file);
  return [...parser.push(text.replace(/^\uFEFF/, '')), ...parser.end()];
}
