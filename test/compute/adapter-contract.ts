/**
 * The behaviour every compute adapter must show, run against each real engine
 * (duckdb-adapter.test.ts, postgres-adapter.test.ts). Written against the
 * public interface only, so a new engine proves itself by running this suite.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlError, type ComputeAdapter, type ComputeSession, type RelationRef } from '../../src/compute/index.js';

export interface ContractSetup {
  engine: string;
  create(): Promise<ComputeAdapter>;
  /** A statement that runs long enough to be cancelled. */
  longQuery: string;
  cleanup?(): Promise<void>;
}

async function rowsOf(session: ComputeSession, sql: string): Promise<Record<string, unknown>[]> {
  return (await session.execute(sql)).rows;
}

export function describeAdapterContract(setup: ContractSetup): void {
  describe(`${setup.engine} adapter contract`, () => {
    let adapter: ComputeAdapter;
    let dir: string;
    let schemaCounter = 0;
    const rel = (schema: string, identifier: string): RelationRef => ({ database: adapter.database, schema, identifier });
    /** A fresh schema per test so tests never see each other's tables. */
    async function freshSchema(session: ComputeSession): Promise<string> {
      const schema = `contract_${++schemaCounter}`;
      await session.execute(adapter.dialect.createSchemaIfNotExists(adapter.database, schema));
      return schema;
    }
    function csv(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    }

    beforeAll(async () => {
      adapter = await setup.create();
      dir = mkdtempSync(join(tmpdir(), `floe-compute-${setup.engine}-`));
    });
    afterAll(async () => {
      await adapter?.close();
      await setup.cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('names its engine and default location', () => {
      expect(adapter.type).toBe(setup.engine);
      expect(adapter.database).toBeTruthy();
      expect(adapter.schema).toBeTruthy();
      expect(adapter.lineageNamespace).toMatch(new RegExp(`^${setup.engine}://`));
    });

    it('returns rows as plain JavaScript values with column types', async () => {
      await adapter.withSession(async (session) => {
        const result = await session.execute(`
          select 1 as small, cast(42 as bigint) as big, cast(9007199254740993 as bigint) as huge,
                 cast(12.50 as decimal(10,2)) as amount, 'text' as label, true as flag,
                 cast('2024-01-02' as date) as day, cast('2024-01-02 03:04:05' as timestamp) as at, cast(null as integer) as nothing`);
        expect(result.rows).toEqual([
          {
            small: 1, big: 42, huge: '9007199254740993', amount: 12.5, label: 'text', flag: true,
            day: '2024-01-02', at: new Date('2024-01-02T03:04:05Z'), nothing: null,
          },
        ]);
        expect(result.columns.map((c) => c.name)).toEqual(['small', 'big', 'huge', 'amount', 'label', 'flag', 'day', 'at', 'nothing']);
        expect(result.columns.find((c) => c.name === 'big')?.dataType.toLowerCase()).toBe('bigint');
        expect(result.columns.find((c) => c.name === 'day')?.dataType.toLowerCase()).toBe('date');
      });
    });

    it('reports rows written by inserts, updates and deletes', async () => {
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        const table = adapter.dialect.renderRelation(rel(schema, 'counted'));
        await session.execute(adapter.dialect.createTableAs(rel(schema, 'counted'), 'select 1 as id union all select 2'));
        expect((await session.execute(`insert into ${table} (id) values (3), (4), (5)`)).rowsAffected).toBe(3);
        expect((await session.execute(`update ${table} set id = id + 10 where id > 3`)).rowsAffected).toBe(2);
        expect((await session.execute(`delete from ${table} where id > 10`)).rowsAffected).toBe(2);
      });
    });

    it('builds tables and views from model SQL that ends in a semicolon and a comment', async () => {
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        await session.execute(adapter.dialect.createTableAs(rel(schema, 'orders'), 'select 1 as id -- the first\n;\n'));
        await session.execute(adapter.dialect.createViewAs(rel(schema, 'orders_view'), `select id * 2 as doubled from ${adapter.dialect.renderRelation(rel(schema, 'orders'))} -- why`));
        expect(await rowsOf(session, `select * from ${adapter.dialect.renderRelation(rel(schema, 'orders_view'))}`)).toEqual([{ doubled: 2 }]);
      });
    });

    it('rolls a failed transaction back, leaving the table as it was', async () => {
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        const table = adapter.dialect.renderRelation(rel(schema, 'kept'));
        await session.execute(adapter.dialect.createTableAs(rel(schema, 'kept'), 'select 1 as id'));
        await expect(
          session.transaction(async () => {
            expect(session.inTransaction).toBe(true);
            await session.execute(`insert into ${table} values (2)`);
            await session.execute(`select no_such_column from ${table}`);
          }),
        ).rejects.toBeInstanceOf(SqlError);
        expect(session.inTransaction).toBe(false);
        expect(await rowsOf(session, `select id from ${table} order by id`)).toEqual([{ id: 1 }]);
        // A plain error thrown by the work (not SQL) rolls back too.
        await expect(
          session.transaction(async () => {
            await session.execute(`insert into ${table} values (3)`);
            throw new Error('stop');
          }),
        ).rejects.toThrow('stop');
        expect(await rowsOf(session, `select count(*) as n from ${table}`)).toEqual([{ n: 1 }]);
        // And a successful one commits, returning the work's value.
        const value = await session.transaction(async () => {
          await session.execute(`insert into ${table} values (4)`);
          return 'done';
        });
        expect(value).toBe('done');
        expect(await rowsOf(session, `select id from ${table} order by id`)).toEqual([{ id: 1 }, { id: 4 }]);
      });
    });

    it('swaps a freshly built table in atomically, and a failed swap leaves the old one', async () => {
      const d = () => adapter.dialect;
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        const target = rel(schema, 'model');
        const temp = rel(schema, 'model__floe_tmp');
        const backup = rel(schema, 'model__floe_backup');
        await session.execute(d().createTableAs(target, "select 'old' as version"));
        await session.execute(d().createTableAs(temp, "select 'new' as version"));
        await session.transaction(async () => {
          await session.execute(d().renameRelation(target, 'table', backup.identifier));
          await session.execute(d().renameRelation(temp, 'table', target.identifier));
          await session.execute(d().dropRelation(backup, 'table'));
        });
        expect(await rowsOf(session, `select version from ${d().renderRelation(target)}`)).toEqual([{ version: 'new' }]);
        expect(await adapter.getRelation(session, backup)).toBeUndefined();
        expect(await adapter.getRelation(session, temp)).toBeUndefined();

        await session.execute(d().createTableAs(temp, "select 'broken' as version"));
        await expect(
          session.transaction(async () => {
            await session.execute(d().renameRelation(target, 'table', backup.identifier));
            await session.execute(d().renameRelation(temp, 'table', target.identifier));
            await session.execute('select * from no_such_table_anywhere');
          }),
        ).rejects.toMatchObject({ code: 'FLOE_SQL' });
        expect(await rowsOf(session, `select version from ${d().renderRelation(target)}`)).toEqual([{ version: 'new' }]);
        expect(await adapter.getRelation(session, backup)).toBeUndefined();
        expect((await adapter.getRelation(session, temp))?.kind).toBe('table');
      });
    });

    it('renames and drops views', async () => {
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        await session.execute(adapter.dialect.createViewAs(rel(schema, 'v_tmp'), 'select 1 as x'));
        await session.execute(adapter.dialect.renameRelation(rel(schema, 'v_tmp'), 'view', 'v'));
        expect(await adapter.getRelation(session, rel(schema, 'v'))).toMatchObject({ schema, identifier: 'v', kind: 'view' });
        await session.execute(adapter.dialect.dropRelation(rel(schema, 'v'), 'view'));
        await session.execute(adapter.dialect.dropRelation(rel(schema, 'v'), 'view')); // idempotent
        expect(await adapter.getRelation(session, rel(schema, 'v'))).toBeUndefined();
      });
    });

    it('describes relations and columns', async () => {
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        const d = adapter.dialect;
        await session.execute(d.createTableAs(rel(schema, 'b_table'), `select 1 as id, 'x' as name, cast(1.5 as ${d.typeName('float')}) as score`));
        await session.execute(d.createViewAs(rel(schema, 'a_view'), `select id from ${d.renderRelation(rel(schema, 'b_table'))}`));
        expect(await adapter.listRelations(session, adapter.database, schema)).toEqual([
          { database: adapter.database, schema, identifier: 'a_view', kind: 'view' },
          { database: adapter.database, schema, identifier: 'b_table', kind: 'table' },
        ]);
        expect(await adapter.getRelation(session, { schema, identifier: 'b_table' })).toMatchObject({ identifier: 'b_table', kind: 'table' });
        expect(await adapter.getRelation(session, rel(schema, 'missing'))).toBeUndefined();
        expect(await adapter.listRelations(session, adapter.database, 'no_such_schema')).toEqual([]);
        const columns = await adapter.getColumns(session, rel(schema, 'b_table'));
        expect(columns.map((c) => c.name)).toEqual(['id', 'name', 'score']);
        expect(columns[2].dataType.toLowerCase()).toBe(d.typeName('float').toLowerCase());
        expect(await adapter.getColumns(session, rel(schema, 'missing'))).toEqual([]);
      });
    });

    it('describes the columns of many relations across schemas at once, in the order asked', async () => {
      await adapter.withSession(async (session) => {
        const d = adapter.dialect;
        const first = await freshSchema(session);
        const second = await freshSchema(session);
        await session.execute(d.createTableAs(rel(first, 'orders'), `select 1 as order_id, cast(2.5 as ${d.typeName('float')}) as amount`));
        await session.execute(d.createViewAs(rel(first, 'order_ids'), `select order_id from ${d.renderRelation(rel(first, 'orders'))}`));
        await session.execute(d.createTableAs(rel(second, 'customers'), "select 7 as customer_id, 'ada' as name, 'x' as tier"));
        await session.execute(d.createTableAs(rel(second, 'unasked'), 'select 1 as never_shown'));

        const described = await adapter.getColumnsOfRelations(session, [
          rel(second, 'customers'),
          { schema: first, identifier: 'order_ids' }, // the default database
          rel(first, 'missing'),
          rel(first, 'orders'),
          rel('no_such_schema', 'orders'),
          rel(second, 'customers'), // asked twice: described twice
        ]);
        expect(described.map((columns) => columns.map((column) => column.name))).toEqual([
          ['customer_id', 'name', 'tier'],
          ['order_id'],
          [],
          ['order_id', 'amount'],
          [],
          ['customer_id', 'name', 'tier'],
        ]);
        // The same descriptions getColumns gives, one relation at a time.
        expect(described[3]).toEqual(await adapter.getColumns(session, rel(first, 'orders')));
        expect(described[0]).toEqual(await adapter.getColumns(session, rel(second, 'customers')));
        expect(await adapter.getColumnsOfRelations(session, [])).toEqual([]);
      });
    });

    it('describes relations of another database as having no columns it can see', async () => {
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        await session.execute(adapter.dialect.createTableAs(rel(schema, 'here'), 'select 1 as id'));
        const described = await adapter.getColumnsOfRelations(session, [{ database: 'no_such_database', schema, identifier: 'here' }, rel(schema, 'here')]);
        expect(described).toEqual([[], await adapter.getColumns(session, rel(schema, 'here'))]);
      });
    });

    it('adds, drops and retypes columns', async () => {
      await adapter.withSession(async (session) => {
        const schema = await freshSchema(session);
        const d = adapter.dialect;
        const table = rel(schema, 'evolving');
        await session.execute(d.createTableAs(table, "select 1 as id, '7' as code, 'gone' as old"));
        await session.execute(d.addColumn(table, { name: 'added', dataType: d.typeName('string') }));
        await session.execute(d.dropColumn(table, 'old'));
        await session.execute(d.alterColumnType(table, 'code', d.typeName('bigint')));
        const columns = await adapter.getColumns(session, table);
        expect(columns.map((c) => c.name)).toEqual(['id', 'code', 'added']);
        expect(columns[1].dataType.toLowerCase()).toBe('bigint');
        expect(await rowsOf(session, `select code, added from ${d.renderRelation(table)}`)).toEqual([{ code: 7, added: null }]);
      });
    });

    describe('incremental merge', () => {
      async function runStrategy(strategy: 'append' | 'merge' | 'delete+insert', uniqueKey: string[]): Promise<Record<string, unknown>[]> {
        return adapter.withSession(async (session) => {
          const schema = await freshSchema(session);
          const d = adapter.dialect;
          const target = rel(schema, 'events');
          const source = rel(schema, 'events__floe_new');
          await session.execute(d.createTableAs(target, "select 1 as id, 'a' as kind, 'one' as label union all select 2, 'a', 'two' union all select 2, 'b', 'two-b'"));
          await session.execute(d.createTableAs(source, "select 2 as id, 'a' as kind, 'TWO' as label union all select 3, 'a', 'three'"));
          await session.transaction(async () => {
            for (const statement of d.incrementalMerge({ target, source, columns: ['id', 'kind', 'label'], uniqueKey, strategy })) {
              await session.execute(statement);
            }
          });
          return rowsOf(session, `select id, kind, label from ${d.renderRelation(target)} order by id, kind, label`);
        });
      }

      it('append inserts every new row', async () => {
        expect(await runStrategy('append', [])).toEqual([
          { id: 1, kind: 'a', label: 'one' }, { id: 2, kind: 'a', label: 'TWO' }, { id: 2, kind: 'a', label: 'two' },
          { id: 2, kind: 'b', label: 'two-b' }, { id: 3, kind: 'a', label: 'three' },
        ]);
      });

      it('merge updates rows whose key matches and inserts the rest', async () => {
        expect(await runStrategy('merge', ['id', 'kind'])).toEqual([
          { id: 1, kind: 'a', label: 'one' }, { id: 2, kind: 'a', label: 'TWO' }, { id: 2, kind: 'b', label: 'two-b' },
          { id: 3, kind: 'a', label: 'three' },
        ]);
      });

      it('delete+insert replaces every row sharing a key with the new rows', async () => {
        expect(await runStrategy('delete+insert', ['id'])).toEqual([
          { id: 1, kind: 'a', label: 'one' }, { id: 2, kind: 'a', label: 'TWO' }, { id: 3, kind: 'a', label: 'three' },
        ]);
      });

      it('merge without a unique key appends', async () => {
        expect(await runStrategy('merge', [])).toHaveLength(5);
      });

      it('merge when every column is part of the key only inserts the missing rows', async () => {
        expect(await runStrategy('merge', ['id', 'kind', 'label'])).toHaveLength(5);
      });
    });

    describe('loadCsv', () => {
      it('infers types, keeps quoted delimiters, escaped quotes and newlines, and reads empty values as NULL and "" as an empty string', async () => {
        const path = csv(
          'people.csv',
          'id,name,amount,active,born_on,seen_at,note\r\n' +
            '1,"Smith, Ann",10.5,true,2024-01-02,2024-01-02 03:04:05,"she said ""hi"""\r\n' +
            '2,Bob,-3,false,2023-12-31,2023-12-31 23:59:59,"two\nlines"\r\n' +
            '3,"",,,,,\r\n',
        );
        await adapter.withSession(async (session) => {
          const schema = await freshSchema(session);
          const loaded = await adapter.loadCsv(session, rel(schema, 'people'), path, { delimiter: ',', columnTypes: {}, quoteColumns: false });
          expect(loaded).toBe(3);
          const rows = await rowsOf(session, `select * from ${adapter.dialect.renderRelation(rel(schema, 'people'))} order by id`);
          expect(rows).toEqual([
            { id: 1, name: 'Smith, Ann', amount: 10.5, active: true, born_on: '2024-01-02', seen_at: new Date('2024-01-02T03:04:05Z'), note: 'she said "hi"' },
            { id: 2, name: 'Bob', amount: -3, active: false, born_on: '2023-12-31', seen_at: new Date('2023-12-31T23:59:59Z'), note: 'two\nlines' },
            { id: 3, name: '', amount: null, active: null, born_on: null, seen_at: null, note: null },
          ]);
        });
      });

      it('honours column types and another delimiter', async () => {
        const path = csv('codes.csv', 'code;label;weight\n007;bond;1\n042;answer;2\n');
        await adapter.withSession(async (session) => {
          const schema = await freshSchema(session);
          const d = adapter.dialect;
          await adapter.loadCsv(session, rel(schema, 'codes'), path, {
            delimiter: ';',
            columnTypes: { code: d.typeName('string'), WEIGHT: d.typeName('float') },
            quoteColumns: false,
          });
          expect(await rowsOf(session, `select code, label, weight from ${d.renderRelation(rel(schema, 'codes'))} order by code`)).toEqual([
            { code: '007', label: 'bond', weight: 1 },
            { code: '042', label: 'answer', weight: 2 },
          ]);
          const columns = await adapter.getColumns(session, rel(schema, 'codes'));
          expect(columns.map((c) => c.dataType.toLowerCase())).toEqual([d.typeName('string').toLowerCase(), expect.any(String), d.typeName('float').toLowerCase()]);
        });
      });

      it('rejects column types naming a column the file does not have, suggesting the nearest', async () => {
        const path = csv('named.csv', 'customer_id,total\n1,2\n');
        await adapter.withSession(async (session) => {
          const schema = await freshSchema(session);
          const load = adapter.loadCsv(session, rel(schema, 'named'), path, { delimiter: ',', columnTypes: { custmer_id: 'text' }, quoteColumns: false });
          await expect(load).rejects.toMatchObject({ code: 'FLOE_CSV_UNKNOWN_COLUMN', hint: expect.stringContaining("did you mean 'customer_id'?") });
          expect(await adapter.getRelation(session, rel(schema, 'named'))).toBeUndefined();
        });
      });

      it('loads a file with only a header as an empty table', async () => {
        const path = csv('header-only.csv', 'id,name\n');
        await adapter.withSession(async (session) => {
          const schema = await freshSchema(session);
          expect(await adapter.loadCsv(session, rel(schema, 'nothing'), path, { delimiter: ',', columnTypes: {}, quoteColumns: false })).toBe(0);
          expect((await adapter.getColumns(session, rel(schema, 'nothing'))).map((c) => c.name)).toEqual(['id', 'name']);
        });
      });

      it('reports a missing file', async () => {
        await adapter.withSession(async (session) => {
          const load = adapter.loadCsv(session, rel(adapter.schema, 'ghost'), join(dir, 'nope.csv'), { delimiter: ',', columnTypes: {}, quoteColumns: false });
          await expect(load).rejects.toMatchObject({ code: 'FLOE_CSV_NOT_FOUND' });
        });
      });
    });

    it('fails SQL with the engine message, the SQL, and the offending line', async () => {
      const sql = 'select 1 as a,\n  2 as b,\n  no_such_column as c';
      await adapter.withSession(async (session) => {
        const error = await session.execute(sql).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(SqlError);
        const sqlError = error as SqlError;
        expect(sqlError.code).toBe('FLOE_SQL');
        expect(sqlError.message).toContain('no_such_column');
        expect(sqlError.sql).toBe(sql);
        expect(sqlError.sqlLine).toBe(3);
        expect(sqlError.sqlColumn).toBe(3);
        expect(sqlError.detail).toBe('line 3:   no_such_column as c\n          ^');
        // The session stays usable after a failed statement.
        expect(await rowsOf(session, 'select 1 as ok')).toEqual([{ ok: 1 }]);
      });
    });

    it('cancels a long-running statement and keeps the session usable', async () => {
      await adapter.withSession(async (session) => {
        const running = session.execute(setup.longQuery).then(() => 'finished', (e: unknown) => e);
        let settled = false;
        void running.then(() => (settled = true));
        // Cancel repeatedly until the statement stops: the first call may come before it started.
        while (!settled) {
          await session.cancel();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const outcome = await running;
        expect(outcome).toBeInstanceOf(SqlError);
        expect(outcome).toMatchObject({ code: 'FLOE_COMPUTE_CANCELLED', cancelled: true });
        await session.cancel(); // nothing running: a no-op that does not throw
        expect(await rowsOf(session, 'select 2 as after')).toEqual([{ after: 2 }]);
      });
    });

    it('builds and swaps different tables of one schema from parallel sessions', async () => {
      const schema = await adapter.withSession((session) => freshSchema(session));
      const d = adapter.dialect;
      await Promise.all(
        [1, 2, 3, 4].map((n) =>
          adapter.withSession(async (session) => {
            for (const round of [1, 2]) {
              const target = rel(schema, `model_${n}`);
              const temp = rel(schema, `model_${n}__floe_tmp`);
              const backup = rel(schema, `model_${n}__floe_backup`);
              await session.execute(d.createTableAs(temp, `select ${n * 10 + round} as value`));
              await session.transaction(async () => {
                if (await adapter.getRelation(session, target)) await session.execute(d.renameRelation(target, 'table', backup.identifier));
                await session.execute(d.renameRelation(temp, 'table', target.identifier));
                await session.execute(d.dropRelation(backup, 'table'));
              });
            }
          }),
        ),
      );
      const relations = await adapter.withSession((session) => adapter.listRelations(session, adapter.database, schema));
      expect(relations.map((r) => r.identifier)).toEqual(['model_1', 'model_2', 'model_3', 'model_4']);
      const values = await adapter.withSession((session) =>
        rowsOf(session, [1, 2, 3, 4].map((n) => `select value from ${d.renderRelation(rel(schema, `model_${n}`))}`).join(' union all ')),
      );
      expect(values.map((r) => r.value).sort()).toEqual([12, 22, 32, 42]);
    });

    it('close() stops a statement still running and then refuses new sessions', async () => {
      const closing = await setup.create();
      let started!: () => void;
      const inSession = new Promise<void>((resolve) => (started = resolve));
      const running = closing.withSession((session) => {
        started();
        return session.execute(setup.longQuery);
      });
      const outcome = running.then(() => 'finished', (e: unknown) => e);
      await inSession;
      await closing.close();
      expect(await outcome).toMatchObject({ code: 'FLOE_COMPUTE_CANCELLED' });
      await closing.close(); // idempotent
      await expect(closing.withSession(async () => 1)).rejects.toMatchObject({ code: 'FLOE_COMPUTE_CLOSED' });
    });

    it('runs sessions side by side', async () => {
      const results = await Promise.all([1, 2, 3].map((n) => adapter.withSession((session) => rowsOf(session, `select ${n} as n`))));
      expect(results).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
    });
  });
}
