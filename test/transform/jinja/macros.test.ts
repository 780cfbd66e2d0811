/** Macro files: definitions, return(), overrides, packages, adapter.dispatch, builtin tests. */
import { describe, expect, it } from 'vitest';
import { keywordArguments } from '../../../src/transform/jinja/index.js';
import { hooks, jinja } from './support.js';

const h = () => hooks();

describe('macro definitions', () => {
  it('lists every macro with its package, arguments, file and line', () => {
    const engine = jinja([{ source: "-- helpers\n\n{% macro cents_to_dollars(column, scale=2) %}\n  ({{ column }} / 100)::numeric(16, {{ scale }})\n{% endmacro %}\n" }]);
    const macro = engine.macros.find((m) => m.name === 'cents_to_dollars');
    expect(macro).toMatchObject({
      uniqueId: 'macro.my_project.cents_to_dollars',
      packageName: 'my_project',
      originalFilePath: 'macros/m0.sql',
      arguments: ['column', 'scale'],
      position: { file: 'macros/m0.sql', line: 3, column: 1 },
    });
    expect(macro?.macroSql).toBe('{% macro cents_to_dollars(column, scale=2) %}\n  ({{ column }} / 100)::numeric(16, {{ scale }})\n{% endmacro %}');
    expect(engine.renderSync("{{ cents_to_dollars('amount') }}", 'm.sql', h())).toBe('\n  (amount / 100)::numeric(16, 2)\n');
  });

  it('includes the builtin dbt macros', () => {
    const names = jinja().macros.filter((m) => m.packageName === 'dbt').map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['test_unique', 'test_not_null', 'test_accepted_values', 'test_relationships', 'generate_schema_name', 'generate_alias_name', 'get_where_subquery']));
  });
});

describe('return()', () => {
  const engine = jinja([
    {
      source: [
        "{% macro get_cols() %}{{ return(['id', 'amount']) }}{% endmacro %}",
        "{% macro get_map() %}{% do return({'a': 1, 'b': [2]}) %}this is never printed{% endmacro %}",
        '{% macro early(x) %}{% if x %}{{ return("early") }}{% endif %}late{% endmacro %}',
        '{% macro in_loop() %}{% for i in [1, 2, 3] %}{% if i == 2 %}{{ return(i) }}{% endif %}{% endfor %}{% endmacro %}',
        '{% macro nothing() %}{{ return(none) }}{% endmacro %}',
        "{% macro uses_cols() %}{% set cols = get_cols() %}{{ cols | join(', ') }}{% endmacro %}",
      ].join('\n'),
    },
  ]);
  const render = (source: string): string => engine.renderSync(source, 'm.sql', h());

  it('returns a list as a value, not a string', () => {
    expect(render("{% set cols = get_cols() %}{{ cols | length }} {{ cols[1] }} {{ cols is string }}")).toBe('2 amount False');
  });

  it('returns a dict; text after return is not output', () => {
    expect(render('{% set m = get_map() %}{{ m.b[0] }} {{ m is mapping }}')).toBe('2 True');
  });

  it('returns early from inside if and for', () => {
    expect(render('{{ early(true) }} {{ early(false) }} {{ in_loop() }}')).toBe('early late 2');
  });

  it('returns none', () => {
    expect(render('{{ nothing() is none }}')).toBe('True');
  });

  it('keeps the caller’s variables after a macro returned (frames restored)', () => {
    expect(render('{% set before = 1 %}{% for i in [1] %}{% set c = get_cols() %}{% endfor %}{{ before }} {{ uses_cols() }} {{ before }}')).toBe('1 id, amount 1');
  });

  it('callMacro returns the value', async () => {
    await expect(engine.callMacro('get_cols', [], h())).resolves.toEqual(['id', 'amount']);
    await expect(engine.callMacro('my_project.get_map', [], h())).resolves.toEqual({ a: 1, b: [2] });
    await expect(engine.callMacro('early', [false], h())).resolves.toBe('late');
  });

  it('return() outside a macro is an error', () => {
    expect(() => render('{{ return(1) }}')).toThrow(/outside of a macro/);
  });
});

describe('overrides and packages', () => {
  it('a root macro overrides the builtin one of the same name, everywhere', () => {
    const engine = jinja([{ source: '{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}' }]);
    expect(engine.renderSync("{{ generate_schema_name('marts', none) | trim }}", 'm.sql', h())).toBe('marts');
  });

  it('builtin generate_schema_name: custom schema is appended to the target schema', async () => {
    const engine = jinja();
    expect(engine.renderSync("{{ generate_schema_name('marts', none) | trim }}|{{ generate_schema_name(none, none) | trim }}", 'm.sql', h())).toBe('analytics_marts|analytics');
    await expect(engine.callMacro('generate_schema_name', ['marts', null], h())).resolves.toBe('analytics_marts');
    await expect(engine.callMacro('generate_alias_name', [null, { name: 'orders' }], h())).resolves.toBe('orders');
    await expect(engine.callMacro('generate_alias_name', keywordArgsCall({ custom_alias_name: 'o2', node: { name: 'orders' } }), h())).resolves.toBe('o2');
  });

  it('package macros are reachable as package.name', () => {
    const engine = jinja([{ packageName: 'utils', file: 'dbt_packages/utils/macros/a.sql', source: '{% macro hello() %}hi{% endmacro %}' }]);
    expect(engine.renderSync('{{ utils.hello() }} {{ dbt.generate_schema_name(none, none) | trim }}', 'm.sql', h())).toBe('hi analytics');
  });
});

function keywordArgsCall(values: Record<string, unknown>): unknown[] {
  return [keywordArguments(values)];
}

describe('adapter.dispatch', () => {
  const files = [
    { packageName: 'utils', file: 'u.sql', source: "{% macro concat(a, b) %}{{ return(adapter.dispatch('concat', 'utils')(a, b)) }}{% endmacro %}{% macro default__concat(a, b) %}{{ a }} || {{ b }}{% endmacro %}{% macro postgres__concat(a, b) %}concat({{ a }}, {{ b }}){% endmacro %}" },
  ];

  it('prefers <adapter>__name, then default__name', () => {
    expect(jinja(files, 'postgres').renderSync("{{ utils.concat('x', 'y') }}", 'm.sql', h())).toBe('concat(x, y)');
    expect(jinja(files, 'duckdb').renderSync("{{ utils.concat('x', 'y') }}", 'm.sql', h())).toBe('x || y');
  });

  it('searches the root package before the named package', () => {
    const withOverride = [...files, { source: '{% macro default__concat(a, b) %}root({{ a }}, {{ b }}){% endmacro %}' }];
    expect(jinja(withOverride, 'postgres').renderSync("{{ utils.concat('x', 'y') }}", 'm.sql', h())).toBe('root(x, y)');
  });

  it('names what it looked for when nothing matches', () => {
    expect(() => jinja().renderSync("{{ adapter.dispatch('nothing_here')() }}", 'm.sql', h())).toThrow(/duckdb__nothing_here.*default__nothing_here/);
  });
});

describe('generic tests', () => {
  const engine = jinja([
    {
      file: 'macros/tests/is_positive.sql',
      source: '{% test is_positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}',
    },
  ]);
  const render = (source: string, extra: Record<string, unknown> = {}): string => engine.renderSync(source, 'tests/t.sql', hooks({ extra })).trim();

  it('a custom {% test %} block becomes macro test_<name>', () => {
    expect(engine.macros.find((m) => m.name === 'test_is_positive')).toMatchObject({ arguments: ['model', 'column_name'], position: { line: 1, column: 1 } });
    expect(render("{{ test_is_positive(model=ref('orders'), column_name='amount') }}")).toBe('select * from "warehouse"."analytics"."orders" where amount <= 0');
  });

  it('builtin unique and not_null return failing rows', () => {
    expect(render("{{ test_unique(model=ref('orders'), column_name='id') }}").replace(/\s+/g, ' ')).toBe(
      'select id as unique_field, count(*) as n_records from "warehouse"."analytics"."orders" where id is not null group by id having count(*) > 1',
    );
    expect(render("{{ test_not_null(model=ref('orders'), column_name='id') }}").replace(/\s+/g, ' ')).toBe('select id from "warehouse"."analytics"."orders" where id is null');
  });

  it('builtin accepted_values quotes values unless quote=false', () => {
    const sql = render("{{ test_accepted_values(model=ref('orders'), column_name='status', values=vals) }}", { vals: ['a', 'b'] });
    expect(sql).toContain("where value_field not in (\n    'a','b'\n)");
    const unquoted = render("{{ test_accepted_values(model=ref('orders'), column_name='n', values=[1, 2], quote=false) }}");
    expect(unquoted).toContain('where value_field not in (\n    1,2\n)');
  });

  it('builtin relationships joins to the parent', () => {
    const sql = render("{{ test_relationships(model=ref('orders'), column_name='customer_id', to=ref('customers'), field='id') }}");
    expect(sql).toContain('from "warehouse"."analytics"."customers"');
    expect(sql).toContain('where parent.to_field is null');
  });

  it('get_where_subquery applies the where config', () => {
    const model = { config: { where: "status = 'x'" } };
    const sql = engine.renderSync("{{ get_where_subquery(ref('orders')) }}", 't.sql', hooks({ model }));
    expect(sql).toBe('(select * from "warehouse"."analytics"."orders" where status = \'x\') dbt_subquery');
    expect(engine.renderSync("{{ get_where_subquery(ref('orders')) }}", 't.sql', hooks())).toBe('"warehouse"."analytics"."orders"');
  });
});

describe('other dbt block tags in macro files', () => {
  it('a {% materialization %} block compiles (as macro materialization_<name>_<adapter>) instead of failing the project', () => {
    const engine = jinja([
      { source: "{% materialization my_mat, adapter='duckdb' %}\n  {{ return({'relations': []}) }}\n{% endmaterialization %}\n{% materialization other, default %}x{% endmaterialization %}" },
    ]);
    expect(engine.macros.map((m) => m.name)).toEqual(expect.arrayContaining(['materialization_my_mat_duckdb', 'materialization_other_default']));
    expect(engine.macros.find((m) => m.name === 'materialization_my_mat_duckdb')?.macroSql).toMatch(/^\{% materialization my_mat, adapter='duckdb' %\}[\s\S]*\{% endmaterialization %\}$/);
  });
});
