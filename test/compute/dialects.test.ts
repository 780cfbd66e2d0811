import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../src/compute/duckdb/index.js';
import { PostgresDialect } from '../../src/compute/postgres/index.js';
import { lineAndColumnAt, pointAtLine, SqlError } from '../../src/compute/sql-error.js';
import { bigintToPlain, numericTextToPlain } from '../../src/compute/plain-values.js';

const duck = new DuckDbDialect('warehouse');
const pg = new PostgresDialect('analytics');

describe('SQL dialects', () => {
  it('quote identifiers and strings, doubling embedded quotes', () => {
    for (const dialect of [duck, pg]) {
      expect(dialect.quoteIdentifier('we"ird')).toBe('"we""ird"');
      expect(dialect.quoteString("it's")).toBe("'it''s'");
    }
  });

  it('render relations: DuckDB always with its catalog, PostgreSQL without its own database', () => {
    expect(duck.renderRelation({ schema: 'main', identifier: 'orders' })).toBe('"warehouse"."main"."orders"');
    expect(duck.renderRelation({ database: 'other', schema: 'main', identifier: 'orders' })).toBe('"other"."main"."orders"');
    expect(pg.renderRelation({ database: 'analytics', schema: 'public', identifier: 'orders' })).toBe('"public"."orders"');
    expect(pg.renderRelation({ database: 'elsewhere', schema: 'public', identifier: 'orders' })).toBe('"elsewhere"."public"."orders"');
  });

  it('rename with ALTER TABLE or ALTER VIEW to an unqualified name', () => {
    expect(pg.renameRelation({ schema: 's', identifier: 'v__tmp' }, 'view', 'v')).toBe('alter view "s"."v__tmp" rename to "v"');
    expect(duck.renameRelation({ schema: 's', identifier: 't__tmp' }, 'table', 't')).toBe('alter table "warehouse"."s"."t__tmp" rename to "t"');
  });

  it('map logical type names per engine and pass engine names through', () => {
    expect(['string', 'text', 'integer', 'bigint', 'float', 'boolean', 'timestamp', 'date'].map((t) => duck.typeName(t))).toEqual([
      'VARCHAR', 'VARCHAR', 'INTEGER', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'TIMESTAMP', 'DATE',
    ]);
    expect(['string', 'float', 'timestamp', 'numeric'].map((t) => pg.typeName(t))).toEqual(['text', 'double precision', 'timestamp without time zone', 'numeric']);
    expect(pg.typeName('varchar(12)')).toBe('varchar(12)');
  });

  it('write one INSERT for append and for strategies without a key', () => {
    const spec = { target: { schema: 's', identifier: 't' }, source: { schema: 's', identifier: 'n' }, columns: ['id', 'v'] };
    expect(pg.incrementalMerge({ ...spec, uniqueKey: ['id'], strategy: 'append' })).toEqual(['insert into "s"."t" ("id", "v")\nselect "id", "v" from "s"."n"']);
    expect(pg.incrementalMerge({ ...spec, uniqueKey: [], strategy: 'delete+insert' })).toHaveLength(1);
    expect(pg.incrementalMerge({ ...spec, uniqueKey: ['id'], strategy: 'merge' })).toHaveLength(2);
  });
});

describe('SQL error positions', () => {
  it('turn a 1-based character offset into line and column', () => {
    const sql = 'select\n  a,\n  bad';
    expect(lineAndColumnAt(sql, sql.indexOf('bad') + 1)).toEqual({ line: 3, column: 3 });
    expect(lineAndColumnAt(sql, 1)).toEqual({ line: 1, column: 1 });
  });

  it('point at the offending line with a caret', () => {
    expect(pointAtLine('select\n\tbad', 2, 2)).toBe('line 2:  bad\n         ^');
    expect(pointAtLine('select 1', 5)).toBeUndefined();
    const error = new SqlError('column "bad" does not exist', 'select\n  bad', { sqlLine: 2, sqlColumn: 3 });
    expect(error).toMatchObject({ code: 'FLOE_SQL', detail: 'line 2:   bad\n          ^', cancelled: false });
  });
});

describe('plain values', () => {
  it('keep big integers and long decimals exact as strings', () => {
    expect(bigintToPlain(42n)).toBe(42);
    expect(bigintToPlain(2n ** 60n)).toBe('1152921504606846976');
    expect(numericTextToPlain('12.50')).toBe(12.5);
    expect(numericTextToPlain('-0.001')).toBe(-0.001);
    expect(numericTextToPlain('1234567890.1234567890')).toBe('1234567890.1234567890');
    expect(numericTextToPlain('NaN')).toBe('NaN');
  });
});
