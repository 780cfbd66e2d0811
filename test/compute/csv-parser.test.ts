import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvParser, inferCsvShape, parseCsvText } from '../../src/compute/csv/index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const texts = (text: string, delimiter = ',') => parseCsvText(text, delimiter).map((r) => r.fields.map((f) => f.text));

describe('CSV parsing', () => {
  it('reads quoted delimiters, doubled quotes and newlines inside quotes', () => {
    expect(texts('a,b\n"x,y","say ""hi"""\n"multi\nline",z\n')).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['multi\nline', 'z']]);
  });

  it('tells an unquoted empty field (NULL) from a quoted one (empty string)', () => {
    const [record] = parseCsvText('"",,x');
    expect(record.fields).toEqual([{ text: '', quoted: true }, { text: '', quoted: false }, { text: 'x', quoted: false }]);
  });

  it('handles CRLF, a missing final newline, blank lines and a byte order mark', () => {
    expect(texts('\uFEFFa;b\r\n1;2\r\n\r\n3;4', ';')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('numbers records by the line they start on', () => {
    expect(parseCsvText('a\n"x\ny"\nz\n').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('parses the same across any chunking of the input', () => {
    const text = 'a,b\r\n"q""x",\r\n"1\r\n2",3\r\n';
    const whole = texts(text);
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new CsvParser(',', 't.csv');
      const records = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut)), ...parser.end()];
      expect(records.map((r) => r.fields.map((f) => f.text))).toEqual(whole);
    }
  });

  it('reports an unterminated quote with the line it opened on', () => {
    expect(() => parseCsvText('a\n"open\nnever closed', ',', 'seeds/x.csv')).toThrowError(
      expect.objectContaining({ code: 'FLOE_CSV_PARSE', position: { file: 'seeds/x.csv', line: 2 } }),
    );
  });
});

describe('CSV type inference', () => {
  it('picks the narrowest type every value fits, ignoring NULLs', async () => {
    const path = file(
      'types.csv',
      'int,big,num,bool,day,ts,tstz,txt,empty,leading\n' +
        '1,3000000000,1.5,true,2024-02-29,2024-01-02 03:04,2024-01-02T03:04:05Z,a,,007\n' +
        '-2,1,2,FALSE,2024-03-01,2024-01-02,2024-01-02 03:04:05+01:00,1,,8\n' +
        ',,1e3,,,,,,,\n',
    );
    const shape = await inferCsvShape(path, ',');
    expect(shape.rowCount).toBe(3);
    expect(Object.fromEntries(shape.columns.map((c) => [c.name, c.inferred]))).toEqual({
      int: 'integer', big: 'bigint', num: 'numeric', bool: 'boolean', day: 'date', ts: 'timestamp', tstz: 'timestamptz',
      txt: 'text', empty: 'text', leading: 'integer',
    });
  });

  it('does not take impossible dates for dates', async () => {
    const shape = await inferCsvShape(file('dates.csv', 'd\n2023-02-29\n'), ',');
    expect(shape.columns[0].inferred).toBe('text');
  });

  it('attaches column type overrides, matching names regardless of case', async () => {
    const shape = await inferCsvShape(file('over.csv', 'Id,name\n1,x\n'), ',', { id: 'varchar(10)' });
    expect(shape.columns).toEqual([{ name: 'Id', inferred: 'integer', override: 'varchar(10)' }, { name: 'name', inferred: 'text', override: undefined }]);
  });

  it('rejects a row of the wrong width, a duplicate or blank header, an empty file and a bad delimiter', async () => {
    await expect(inferCsvShape(file('wide.csv', 'a,b\n1,2,3\n'), ',')).rejects.toMatchObject({ code: 'FLOE_CSV_PARSE', position: { line: 2 } });
    await expect(inferCsvShape(file('dup.csv', 'a,A\n1,2\n'), ',')).rejects.toMatchObject({ code: 'FLOE_CSV_PARSE', message: expect.stringContaining("'A' twice") });
    await expect(inferCsvShape(file('blank.csv', 'a,\n1,2\n'), ',')).rejects.toMatchObject({ message: expect.stringContaining('column 2') });
    await expect(inferCsvShape(file('empty.csv', ''), ',')).rejects.toMatchObject({ code: 'FLOE_CSV_PARSE', message: expect.stringContaining('empty') });
    await expect(inferCsvShape(file('ok.csv', 'a\n1\n'), ',,')).rejects.toMatchObject({ code: 'FLOE_CSV_DELIMITER' });
  });
});
