/**
 * dbt's cross-database macros, rendered for each engine and run on it (real
 * DuckDB and PostgreSQL): the value a query returns is what a model author
 * relies on, whichever engine it runs on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbtJinja, type DbtContextHooks } from '../../../src/transform/jinja/index.js';
import { engines, type OpenEngine } from '../execution/engines.js';

/** [template of one expression, the value it must produce (as text)]. */
const SCALARS: Array<[string, string]> = [
  ["{{ dbt.date_trunc('month', \"cast('2024-03-15 10:20:00' as timestamp)\") }}", '2024-03-01 00:00:00'],
  ["{{ dbt.dateadd('day', 3, \"cast('2024-01-30' as date)\") }}", '2024-02-02 00:00:00'],
  ["{{ dbt.dateadd('month', -1, \"cast('2024-03-31' as date)\") }}", '2024-02-29 00:00:00'],
  ["{{ dbt.dateadd('quarter', 1, \"cast('2024-01-15' as date)\") }}", '2024-04-15 00:00:00'],
  ["{{ dbt.dateadd('hour', 5, \"cast('2024-01-01 22:00:00' as timestamp)\") }}", '2024-01-02 03:00:00'],
  ["{{ dbt.datediff(\"cast('2024-01-31' as date)\", \"cast('2024-03-01' as date)\", 'day') }}", '30'],
  ["{{ dbt.datediff(\"cast('2024-01-31' as date)\", \"cast('2024-03-01' as date)\", 'month') }}", '2'],
  ["{{ dbt.datediff(\"cast('2023-12-31' as date)\", \"cast('2024-01-01' as date)\", 'year') }}", '1'],
  ["{{ dbt.datediff(\"cast('2024-01-01 23:00:00' as timestamp)\", \"cast('2024-01-02 01:30:00' as timestamp)\", 'hour') }}", '2'],
  ["{{ dbt.last_day(\"cast('2024-02-10' as date)\", 'month') }}", '2024-02-29'],
  ["{{ dbt.last_day(\"cast('2024-02-10' as date)\", 'quarter') }}", '2024-03-31'],
  ["{{ dbt.date(2024, 2, 29) }}", '2024-02-29'],
  ["cast(12 as {{ dbt.type_string() }}) || 'x'", '12x'],
  ["cast('7' as {{ dbt.type_int() }}) + 1", '8'],
  ["cast('9007199254740993' as {{ dbt.type_bigint() }})", '9007199254740993'],
  ["cast('1.25' as {{ dbt.type_numeric() }}) * 2", '2.5'],
  ["cast('0.5' as {{ dbt.type_float() }}) * 2", '1'],
  ["cast('true' as {{ dbt.type_boolean() }})", 'true'],
  ["cast('2024-01-02 03:04:05' as {{ dbt.type_timestamp() }})", '2024-01-02 03:04:05'],
  ["{{ dbt.cast(\"'42'\", api.Column.translate_type('integer')) }}", '42'],
  ["{{ dbt.safe_cast(\"'42'\", api.Column.translate_type('integer')) }}", '42'],
  ["{{ dbt.cast_bool_to_text('1 = 1') }}", 'true'],
  ["{{ dbt.concat([\"'a'\", \"'-'\", \"'b'\"]) }}", 'a-b'],
  ["{{ dbt.hash(\"'floe'\") }}", 'bbf42229d75389dbff3d6e7d230263d4'],
  ["{{ dbt.split_part(\"'a,b,c'\", \"','\", 2) }}", 'b'],
  ["{{ dbt.split_part(\"'a,b,c'\", \"','\", -1) }}", 'c'],
  ["{{ dbt.split_part(\"'a::b::c'\", \"'::'\", -2) }}", 'b'],
  ["{{ dbt.replace(\"'banana'\", \"'a'\", \"'o'\") }}", 'bonono'],
  ["{{ dbt.length(\"'floe'\") }}", '4'],
  ["{{ dbt.position(\"'o'\", \"'floe'\") }}", '3'],
  ["{{ dbt.right(\"'warehouse'\", 5) }}", 'house'],
  ["{{ dbt.string_literal(\"it's\" | replace(\"'\", \"''\")) }}", "it's"],
  ["'{{ dbt.escape_single_quotes(\"O'Brien\") }}'", "O'Brien"],
  ["case when {{ dbt.equals('null', 'null') }} then 'same' else 'different' end", 'same'],
  ["case when {{ dbt.current_timestamp() }} is not null then 'now' end", 'now'],
  ["{{ dbt.get_powers_of_two(1000) }}", '10'],
];

/** [template of a whole query, the rows it must return (each row's values as text)]. */
const QUERIES: Array<[string, string[][]]> = [
  ["select {{ dbt.listagg('v', \"'|'\", 'order by v desc') }} as l from (select 'a' as v union all select 'c' union all select 'b') t", [['c|b|a']]],
  ["select {{ dbt.listagg('v', \"','\", 'order by v', 2) }} as l from (select 'a' as v union all select 'c' union all select 'b') t", [['a,b']]],
  ['select {{ dbt.any_value("v") }} as v from (select 5 as v union all select 5) t', [['5']]],
  ['select {{ dbt.bool_or("v > 1") }} as b from (select 1 as v union all select 2) t', [['true']]],
  ["select {{ dbt.array_construct(['1', '2']) }} as a", [['{1,2}']]],
  ["select {{ dbt.array_append(dbt.array_construct(['1']), '2') }} as a", [['{1,2}']]],
  ["select {{ dbt.array_concat(dbt.array_construct(['1']), dbt.array_construct(['2', '3'])) }} as a", [['{1,2,3}']]],
  ['select * from (select 1 as n union all select 2) t {{ dbt.except() }} select 2', [['1']]],
  ['select * from (select 1 as n union all select 2) t {{ dbt.intersect() }} select 2', [['2']]],
  ['select count(*) as n, sum(generated_number) as s from ({{ dbt.generate_series(10) }}) t', [['10', '55']]],
  ['select count(*) as n, sum(generated_number) as s from ({{ dbt.default__generate_series(10) }}) t', [['10', '55']]],
];

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.000Z$/, '').replace(/Z$/, '');
  if (Array.isArray(value)) return `{${value.map(text).join(',')}}`;
  if (typeof value === 'string' && /^\[.*\]$/.test(value)) return `{${value.slice(1, -1).replace(/\s/g, '')}}`;
  return String(value);
}

for (const engine of engines) {
  describe(`cross-database macros on ${engine.name}`, () => {
    let open: OpenEngine;
    beforeAll(async () => {
      open = await engine.open();
    });
    afterAll(() => open.close());

    const hooksFor = (): DbtContextHooks => ({
      execute: true,
      target: { name: 'dev', schema: open.adapter.schema, database: open.adapter.database, type: engine.name },
      projectName: 'shop',
      vars: {},
      env: {},
      ref: () => undefined,
      source: () => undefined,
      config: () => undefined,
      isIncremental: () => false,
      dialect: open.adapter.dialect,
      warehouse: {
        runQuery: (sql) => open.adapter.withSession((s) => s.execute(sql)),
        getColumns: (relation) => open.adapter.withSession((s) => open.adapter.getColumns(s, relation)),
        getRelation: (relation) => open.adapter.withSession((s) => open.adapter.getRelation(s, relation)),
      },
    });
    const renderer = () => createDbtJinja({ rootPackage: 'shop', adapterType: engine.name, macroFiles: [] });
    const rows = async (sql: string): Promise<string[][]> =>
      (await open.adapter.withSession((s) => s.execute(sql))).rows.map((row) => Object.values(row).map(text));

    it('scalar macros give the same values as on every engine', async () => {
      const jinja = renderer();
      const failures: string[] = [];
      for (const [template, expected] of SCALARS) {
        const sql = `select ${await jinja.render(template, 'models/m.sql', hooksFor())} as v`;
        try {
          const [[value]] = await rows(sql);
          if (value.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1') !== expected) failures.push(`${template}\n  → ${sql}\n  = ${value}, expected ${expected}`);
        } catch (error) {
          failures.push(`${template}\n  → ${sql}\n  failed: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('aggregate, array, set and series macros', async () => {
      const jinja = renderer();
      for (const [template, expected] of QUERIES) {
        const sql = await jinja.render(template, 'models/m.sql', hooksFor());
        expect(await rows(sql), sql).toEqual(expected);
      }
    });

    it('date_spine asks the warehouse how many periods there are and lists them, end excluded', async () => {
      const jinja = renderer();
      const sql = await jinja.render("{{ dbt.date_spine('day', \"cast('2024-02-27' as date)\", \"cast('2024-03-02' as date)\") }}", 'models/m.sql', hooksFor());
      const days = (await rows(`select cast(date_day as date) as d from (${sql}) spine order by 1`)).map(([d]) => d.slice(0, 10));
      expect(days).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    });

    it('a project macro overrides one engine version of a builtin', async () => {
      const jinja = createDbtJinja({
        rootPackage: 'shop',
        adapterType: engine.name,
        macroFiles: [{ packageName: 'shop', file: 'macros/override.sql', source: `{% macro ${engine.name}__string_literal(value) %}upper('{{ value }}'){% endmacro %}` }],
      });
      const sql = `select ${await jinja.render("{{ dbt.string_literal('x') }}", 'models/m.sql', hooksFor())} as v`;
      expect(await rows(sql)).toEqual([['X']]);
    });
  });
}
