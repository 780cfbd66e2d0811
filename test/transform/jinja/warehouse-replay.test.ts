/**
 * Run-time warehouse calls (run_query, statement/load_result,
 * adapter.get_columns_in_relation, adapter.get_relation): the render is
 * replayed until every call has its answer. The fake warehouse below is a
 * test double of an external database; one test uses a real DuckDB.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnDescription, ExistingRelation, QueryResult, RelationRef } from '../../../src/compute/index.js';
import type { JinjaWarehouse } from '../../../src/transform/jinja/index.js';
import { hooks, jinja } from './support.js';

/** Answers from fixed tables; records every call it receives. */
function fakeWarehouse(tables: Record<string, QueryResult> = {}): JinjaWarehouse & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async runQuery(sql: string): Promise<QueryResult> {
      calls.push(`query: ${sql}`);
      const result = tables[sql];
      if (!result) throw new Error(`relation does not exist: ${sql}`);
      return result;
    },
    async getColumns(relation: RelationRef): Promise<ColumnDescription[]> {
      calls.push(`columns: ${relation.identifier}`);
      return [
        { name: 'id', dataType: 'INTEGER' },
        { name: 'status', dataType: 'VARCHAR' },
      ];
    },
    async getRelation(relation: RelationRef): Promise<ExistingRelation | undefined> {
      calls.push(`relation: ${relation.identifier}`);
      return relation.identifier === 'orders' ? { ...relation, kind: 'table' } : undefined;
    },
  };
}

const statuses: QueryResult = {
  columns: [{ name: 'status', dataType: 'VARCHAR' }],
  rows: [{ status: 'placed' }, { status: 'shipped' }],
};

const engine = jinja([
  {
    source: [
      '{% macro status_values() %}',
      "  {% set results = run_query('select distinct status from orders order by 1') %}",
      '  {% if execute %}{% set values = results.columns[0].values() %}{% else %}{% set values = [] %}{% endif %}',
      '  {{ return(values) }}',
      '{% endmacro %}',
    ].join('\n'),
  },
]);

describe('run_query replay', () => {
  const model = "select\n{%- for s in status_values() %}\n  sum(case when status = '{{ s }}' then 1 else 0 end) as {{ s }}_count{{ ',' if not loop.last }}\n{%- endfor %}\nfrom orders";

  it('runs the query through the warehouse and renders again with the rows', async () => {
    const warehouse = fakeWarehouse({ 'select distinct status from orders order by 1': statuses });
    const sql = await engine.render(model, 'models/pivot.sql', hooks({ execute: true, warehouse }));
    expect(sql).toBe(
      "select\n  sum(case when status = 'placed' then 1 else 0 end) as placed_count,\n  sum(case when status = 'shipped' then 1 else 0 end) as shipped_count\nfrom orders",
    );
    expect(warehouse.calls).toEqual(['query: select distinct status from orders order by 1']);
  });

  it('at parse time (renderSync, execute = false) warehouse calls return empty results', () => {
    const warehouse = fakeWarehouse();
    expect(engine.renderSync(model, 'models/pivot.sql', hooks({ warehouse }))).toBe('select\nfrom orders');
    expect(warehouse.calls).toEqual([]);
  });

  it('a failing query is reported at the run_query call', async () => {
    const error = await engine.render("\n{{ run_query('select * from missing') }}", 'models/x.sql', hooks({ execute: true, warehouse: fakeWarehouse() })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FLOE_JINJA', position: { file: 'models/x.sql', line: 2, column: 4 } });
    expect((error as Error).message).toContain('relation does not exist');
  });

  it('chains of queries settle over several passes', async () => {
    const warehouse = fakeWarehouse({
      'select 1 as n': { columns: [{ name: 'n', dataType: 'INTEGER' }], rows: [{ n: 1 }] },
      'select 2 as n': { columns: [{ name: 'n', dataType: 'INTEGER' }], rows: [{ n: 2 }] },
    });
    const source = "{% set a = run_query('select 1 as n') %}{% set b = run_query('select ' ~ ((a.rows[0]['n'] if a.rows else 0) + 1) ~ ' as n') %}{{ b.rows[0][0] if b.rows else 'none' }}";
    await expect(engine.render(source, 'm.sql', hooks({ execute: true, warehouse }))).resolves.toBe('2');
    expect(warehouse.calls).toEqual(['query: select 1 as n', 'query: select 2 as n']);
  });

  it('gives up after 10 passes when queries never settle', async () => {
    let counter = 0;
    const warehouse: JinjaWarehouse = {
      runQuery: async () => ({ columns: [{ name: 'n', dataType: 'INTEGER' }], rows: [{ n: ++counter }] }),
      getColumns: async () => [],
      getRelation: async () => undefined,
    };
    const source = "{% set ns = namespace(sql='select 0') %}{% for i in range(20) %}{% set r = run_query(ns.sql) %}{% set ns.sql = 'select ' ~ (r.rows[0]['n'] if r.rows else 'x') %}{% endfor %}";
    await expect(engine.render(source, 'm.sql', hooks({ execute: true, warehouse }))).rejects.toMatchObject({ code: 'FLOE_JINJA', message: expect.stringContaining('10 rendering passes') });
  });

  it('log() messages of the passes that were replayed are sent once', async () => {
    const h = hooks({ execute: true, warehouse: fakeWarehouse({ 'select distinct status from orders order by 1': statuses }) });
    await engine.render("{{ log('rendering') }}{{ status_values() | length }}", 'm.sql', h);
    expect(h.logs).toEqual(['rendering']);
  });
});

describe('agate-like results', () => {
  const warehouse = fakeWarehouse({
    'select * from t': {
      columns: [
        { name: 'id', dataType: 'INTEGER' },
        { name: 'name', dataType: 'VARCHAR' },
      ],
      rows: [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
    },
  });
  const render = (source: string): Promise<string> => engine.render(source, 'm.sql', hooks({ execute: true, warehouse }));

  it('columns, column_names, rows by index and by name, iteration, length', async () => {
    await expect(
      render(
        "{% set t = run_query('select * from t') %}{{ t.column_names }} {{ t.columns[1].values() }} {{ t.columns['id'].values() }} {{ t.rows[1][0] }} {{ t.rows[0]['name'] }} {% for row in t %}{{ row.id }}{% endfor %} {{ t | length }} {{ t.rows | length }}{{ t.print_table() }}",
      ),
    ).resolves.toBe("['id', 'name'] ['a', 'b'] [1, 2] 2 a 12 2 2");
  });

  it('statement + load_result give data, table and response', async () => {
    const source = [
      "{% call statement('things', fetch_result=True) %}",
      '  select * from t',
      '{% endcall %}',
      "{%- set result = load_result('things') -%}",
      "{{ result['data'] }} {{ result.table.rows | length }} {{ result.response.code }}",
    ].join('\n');
    await expect(render(source)).resolves.toBe("[[1, 'a'], [2, 'b']] 2 OK");
  });

  it('adapter.get_columns_in_relation and adapter.get_relation', async () => {
    const source =
      "{% for c in adapter.get_columns_in_relation(ref('orders')) %}{{ c.name }}:{{ c.data_type }}:{{ c.quoted }} {% endfor %}{{ adapter.get_relation(database='warehouse', schema='analytics', identifier='orders') }} {{ adapter.get_relation('warehouse', 'analytics', 'nope') is none }}";
    await expect(render(source)).resolves.toBe('id:INTEGER:"id" status:VARCHAR:"status" "warehouse"."analytics"."orders" True');
  });

  it('load_result of a statement never called is None', async () => {
    await expect(render("{{ load_result('never') is none }}")).resolves.toBe('True');
  });
});

describe('against a real DuckDB', () => {
  let instance: DuckDBInstance;
  let warehouse: JinjaWarehouse;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("create table payments as select * from (values (1, 'card', 10), (2, 'cash', 5), (3, 'card', 7)) v(id, method, amount)");
    warehouse = {
      async runQuery(sql) {
        const reader = await connection.runAndReadAll(sql);
        const names = reader.columnNames();
        const types = reader.columnTypes().map((t) => t.toString());
        return { columns: names.map((name, i) => ({ name, dataType: types[i] })), rows: reader.getRowObjectsJS() as Record<string, unknown>[] };
      },
      getColumns: async () => [],
      getRelation: async () => undefined,
    };
  });
  afterAll(() => instance?.closeSync());

  it('pivots on the distinct values it reads', async () => {
    const source = [
      "{%- set methods = run_query('select distinct method from payments order by method').columns[0].values() -%}",
      'select',
      '{%- for m in methods %}',
      "  sum(case when method = '{{ m }}' then amount else 0 end) as {{ m }}_amount{{ ',' if not loop.last }}",
      '{%- endfor %}',
      'from payments',
    ].join('\n');
    const sql = await engine.render(source, 'models/pivot.sql', hooks({ execute: true, warehouse }));
    expect(sql).toBe("select\n  sum(case when method = 'card' then amount else 0 end) as card_amount,\n  sum(case when method = 'cash' then amount else 0 end) as cash_amount\nfrom payments");
    const result = await warehouse.runQuery(sql);
    expect(result.rows.map((r) => [Number(r.card_amount), Number(r.cash_amount)])).toEqual([[17, 5]]);
  });
});

describe('without a warehouse', () => {
  it('render with execute = true but no warehouse answers empty results in one pass', async () => {
    await expect(engine.render("{{ run_query('select 1').rows | length }}", 'm.sql', hooks({ execute: true }))).resolves.toBe('0');
  });

  it('statement at parse time does not run; load_result gives an empty result', () => {
    const warehouse = fakeWarehouse();
    const source = "{% call statement('s', fetch_result=True) %}select 1{% endcall %}{{ load_result('s')['data'] | length }}";
    expect(engine.renderSync(source, 'm.sql', hooks({ warehouse }))).toBe('0');
    expect(warehouse.calls).toEqual([]);
  });
});

describe('callMacro across replayed passes', () => {
  it('keeps the keyword arguments for every pass (nunjucks deletes those it binds)', async () => {
    const warehouse = fakeWarehouse({ 'create made 3': { columns: [], rows: [] } });
    const engine = jinja([{ source: "{% macro make(name, rows=1) %}{% do run_query('create ' ~ name ~ ' ' ~ rows) %}{{ return(name ~ ' ready') }}{% endmacro %}" }]);
    const { keywordArguments } = await import('../../../src/transform/jinja/index.js');
    expect(await engine.callMacro('make', [keywordArguments({ name: 'made', rows: 3 })], hooks({ execute: true, warehouse }))).toBe('made ready');
    expect(warehouse.calls).toEqual(['query: create made 3']);
  });
});
