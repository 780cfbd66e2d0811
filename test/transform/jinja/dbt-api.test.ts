/**
 * api.Relation, api.Column, the adapter's warehouse methods (on real DuckDB
 * and PostgreSQL), typed run_query values and the `modules` namespace, as
 * dbt macros use them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbtJinja, type DbtContextHooks } from '../../../src/transform/jinja/index.js';
import { engines, type OpenEngine } from '../execution/engines.js';
import { render } from './support.js';

describe('api.Relation', () => {
  it('creates relations that print quoted and answer dbt questions', () => {
    expect(render("{% set r = api.Relation.create(database='db', schema='s', identifier='t', type='table') %}{{ r }} {{ r.is_table }} {{ r.is_view }} {{ r.name }}")).toBe('"db"."s"."t" True False t');
    expect(render("{{ api.Relation.create(schema='s', identifier='t').include(schema=false) }}")).toBe('"t"');
    expect(render("{{ api.Relation.create(database='db', schema='s', identifier='t').quote(identifier=false) }}")).toBe('"db"."s".t');
    expect(render("{{ api.Relation.create(database='db', schema='s', identifier='t').without_identifier() }}")).toBe('"db"."s"');
    expect(render("{{ api.Relation.create(database='db', schema='s', identifier='t').information_schema('columns') }}")).toBe('"db".information_schema.columns');
    expect(render("{{ api.Relation.add_ephemeral_prefix('orders') }}")).toBe('__dbt__cte__orders');
    expect(render("{{ ref('orders').incorporate(path={'identifier': 'orders__tmp'}, type='view').is_view }}")).toBe('True');
  });

  it('is a mapping whose metadata names a Relation class (how dbt_utils checks its arguments)', () => {
    expect(render("{{ ref('orders') is mapping }} {{ ref('orders').get('metadata', {}).get('type', '').endswith('Relation') }}")).toBe('True True');
    expect(render("{{ 'orders' is mapping }}")).toBe('False');
  });
});

describe('api.Column', () => {
  it('translates and builds type names as dbt does', () => {
    expect(render("{{ api.Column.translate_type('string') }} {{ api.Column.translate_type('integer') }} {{ api.Column.translate_type('bigint') }}")).toBe('TEXT INT bigint');
    expect(render("{{ api.Column.string_type(40) }} {{ api.Column.numeric_type('numeric', 10, 2) }} {{ api.Column.numeric_type('numeric', none, none) }}")).toBe(
      'character varying(40) numeric(10,2) numeric',
    );
    expect(render("{% set c = api.Column.create('amount', 'float') %}{{ c.name }} {{ c.data_type }} {{ c.is_float() }} {{ c.is_number() }} {{ c.quoted }}")).toBe('amount FLOAT True True "amount"');
    expect(render("{% set c = api.Column.from_description('code', 'character varying(12)') %}{{ c.is_string() }} {{ c.string_size() }} {{ c.data_type }}")).toBe(
      'True 12 character varying(12)',
    );
  });
});

describe('modules', () => {
  it('datetime: construction, arithmetic helpers, formatting as Python prints it', () => {
    expect(render("{{ modules.datetime.datetime(2024, 2, 28, 23, 30) }}")).toBe('2024-02-28 23:30:00');
    expect(render("{{ modules.datetime.date(1997, 9, 29) }} {{ modules.datetime.date(2024, 1, 1).strftime('%A %d %B %Y, day %j') }}")).toBe('1997-09-29 Monday 01 January 2024, day 001');
    expect(render("{{ modules.datetime.datetime.strptime('2024-03-05 07:08', '%Y-%m-%d %H:%M').isoformat() }}")).toBe('2024-03-05T07:08:00');
    expect(render("{{ modules.datetime.timedelta(days=1, hours=2) }} {{ modules.datetime.timedelta(days=1, hours=2).total_seconds() }}")).toBe('1 day, 2:00:00 93600.0');
    expect(render("{{ modules.datetime.date(2024, 3, 1).weekday() }} {{ modules.datetime.date(2024, 12, 30).isocalendar()[1] }}")).toBe('4 1');
    expect(render("{{ modules.datetime.datetime(2024, 1, 1, 12, tzinfo=modules.pytz.timezone('America/New_York')) }}")).toBe('2024-01-01 12:00:00-05:00');
    expect(render("{{ modules.datetime.datetime(2024, 7, 1, 12, tzinfo=modules.pytz.utc).astimezone(modules.pytz.timezone('Europe/Paris')) }}")).toBe('2024-07-01 14:00:00+02:00');
    expect(render('{{ run_started_at.tzinfo }} {{ (run_started_at | string)[-6:] }}')).toBe('UTC +00:00');
  });

  it('re: Python patterns, groups, flags and replacement templates', () => {
    expect(render("{{ modules.re.sub('(?P<word>[a-z]+)-(\\\\d+)', '\\\\g<word>_\\\\2', 'abc-12 de-3') }}")).toBe('abc_12 de_3');
    expect(render("{{ modules.re.match('(?i)select', 'SELECT 1') is not none }} {{ modules.re.match('1', 'SELECT 1') is none }}")).toBe('True True');
    expect(render("{{ modules.re.findall('(\\\\w)=(\\\\d)', 'a=1, b=2') }}")).toBe("[('a', '1'), ('b', '2')]");
    expect(render("{{ modules.re.split('[,;]\\\\s*', 'a, b;c') }} {{ modules.re.compile('b+').search('abbbc').span() }}")).toBe("['a', 'b', 'c'] (1, 4)");
    expect(render("{{ modules.re.search('x(?P<n>\\\\d+)', 'ax42').groupdict() }} {{ modules.re.escape('a.b') }}")).toBe("{'n': '42'} a\\.b");
  });

  it('itertools', () => {
    expect(render("{{ modules.itertools.product([1, 2], ['a']) | list }}")).toBe("[(1, 'a'), (2, 'a')]");
    expect(render("{{ modules.itertools.combinations([1, 2, 3], 2) | list }}")).toBe('[(1, 2), (1, 3), (2, 3)]');
    expect(render("{{ modules.itertools.chain([1], [2, 3]) | list }} {{ modules.itertools.permutations('ab') | list | length }}")).toBe('[1, 2, 3] 2');
  });
});

for (const engine of engines) {
  describe(`adapter methods on ${engine.name}`, () => {
    let open: OpenEngine;
    const schema = (): string => open.adapter.schema;
    beforeAll(async () => {
      open = await engine.open();
      await open.adapter.withSession(async (s) => {
        await s.execute(`create table ${open.adapter.dialect.renderRelation({ schema: schema(), identifier: 'narrow' })} (id integer, code varchar(5), note varchar(10), amount numeric(10,2), happened_at timestamp)`);
        await s.execute(`create table ${open.adapter.dialect.renderRelation({ schema: schema(), identifier: 'wide' })} (id integer, code varchar(20), extra text)`);
        await s.execute(`insert into ${open.adapter.dialect.renderRelation({ schema: schema(), identifier: 'narrow' })} values (1, 'ab', 'x', 12.50, '2024-01-02 03:04:05')`);
        await s.execute(`create view ${open.adapter.dialect.renderRelation({ schema: schema(), identifier: 'doomed' })} as select 1 as x`);
      });
    });
    afterAll(() => open.close());

    const hooks = (): DbtContextHooks => ({
      execute: true,
      target: { name: 'dev', schema: schema(), database: open.adapter.database, type: engine.name },
      projectName: 'shop',
      vars: {},
      env: {},
      ref: (call) => ({ database: open.adapter.database, schema: schema(), identifier: call.name }),
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
    const renderAsync = (source: string): Promise<string> => createDbtJinja({ rootPackage: 'shop', adapterType: engine.name, macroFiles: [] }).render(source, 'models/m.sql', hooks());

    it('get_columns_in_relation gives dbt Columns with sizes, precision and scale', async () => {
      const out = await renderAsync("{% for c in adapter.get_columns_in_relation(ref('narrow')) %}{{ c.name }}:{{ c.is_string() }}:{{ c.is_numeric() }}:{{ c.data_type | lower }};{% endfor %}");
      // DuckDB keeps no length for varchar(n); PostgreSQL does.
      expect(out).toContain(engine.name === 'postgres' ? 'code:True:False:character varying(5);' : 'code:True:False:varchar;');
      expect(out).toContain('amount:False:True:');
      expect(out).toMatch(/amount:False:True:(numeric|decimal)\(10,2\);/);
    });

    it('get_relation, load_relation and get_missing_columns', async () => {
      expect(await renderAsync("{{ adapter.get_relation(database=target.database, schema=target.schema, identifier='wide').is_table }} {{ load_relation(ref('nope')) is none }}")).toBe('True True');
      expect(await renderAsync("{{ adapter.get_missing_columns(ref('wide'), ref('narrow')) | map(attribute='name') | list }}")).toBe("['extra']");
    });

    it('expand_target_column_types widens the narrower string columns', async () => {
      await renderAsync("{{ adapter.expand_target_column_types(from_relation=ref('wide'), to_relation=ref('narrow')) }}");
      const columns = await open.adapter.withSession((s) => open.adapter.getColumns(s, { schema: schema(), identifier: 'narrow' }));
      expect(columns.find((c) => c.name === 'code')?.dataType.toLowerCase()).toMatch(/varchar|character varying/);
      expect(await renderAsync("{% for c in adapter.get_columns_in_relation(ref('narrow')) if c.name == 'code' %}{{ c.string_size() }}{% endfor %}")).toBe(engine.name === 'postgres' ? '20' : '256');
    });

    it('drop_relation drops, once, at run time', async () => {
      await renderAsync("{% do adapter.drop_relation(ref('doomed')) %}");
      expect(await open.adapter.withSession((s) => open.adapter.getRelation(s, { schema: schema(), identifier: 'doomed' }))).toBeUndefined();
    });

    it('run_query values keep their types: a timestamp renders as a timestamp literal', async () => {
      const out = await renderAsync("{% set t = run_query('select happened_at, amount, id from ' ~ ref('narrow')) %}{% set at = t.columns[0].values()[0] %}{{ at }}|{{ at.year }}|{{ t.rows[0]['id'] }}");
      expect(out).toBe('2024-01-02 03:04:05|2024|1');
      const roundTrip = await renderAsync("{% set t = run_query('select happened_at from ' ~ ref('narrow')) %}{% set again = run_query(\"select count(*) as n from \" ~ ref('narrow') ~ \" where happened_at = '\" ~ t.columns[0].values()[0] ~ \"'\") %}{{ again.columns[0].values()[0] }}");
      expect(roundTrip).toBe('1');
    });
  });
}
