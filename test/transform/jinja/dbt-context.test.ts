/** dbt's context functions and values, as a model author uses them. */
import { describe, expect, it } from 'vitest';
import type { RefCall } from '../../../src/transform/types.js';
import { hooks, jinja } from './support.js';

const engine = jinja();
const render = (source: string, overrides: Parameters<typeof hooks>[0] = {}): string => engine.renderSync(source, 'models/orders.sql', hooks(overrides));

describe('ref and source', () => {
  it('renders relations quoted by the dialect, with their parts', () => {
    expect(render("select * from {{ ref('customers') }}")).toBe('select * from "warehouse"."analytics"."customers"');
    expect(render("{{ ref('customers').identifier }} {{ ref('customers').name }} {{ ref('customers').schema }} {{ ref('customers').database }}")).toBe(
      'customers customers analytics warehouse',
    );
    expect(render("{{ source('stripe', 'payments') }}")).toBe('"warehouse"."raw_stripe"."payments"');
  });

  it('passes one- and two-argument refs and version= to the hook, with the call position', () => {
    const calls: RefCall[] = [];
    const h = { ref: (call: RefCall) => (calls.push(call), { schema: 's', identifier: call.name }) };
    render("{{ ref('a') }}\n  {{ ref('pkg', 'b') }} {{ ref('c', version=2) }} {{ ref('d', v=3) }}", h);
    expect(calls.map((c) => [c.package, c.name, c.version])).toEqual([
      [undefined, 'a', undefined],
      ['pkg', 'b', undefined],
      [undefined, 'c', 2],
      [undefined, 'd', 3],
    ]);
    expect(calls[0].position).toEqual({ file: 'models/orders.sql', line: 1, column: 4 });
    expect(calls[1].position).toEqual({ file: 'models/orders.sql', line: 2, column: 6 });
  });

  it('passes the source() call position to the hook', () => {
    const positions: unknown[] = [];
    render("select 1\nfrom {{ source('stripe', 'payments') }}", { source: (_s, _t, position) => (positions.push(position), undefined) });
    expect(positions).toEqual([{ file: 'models/orders.sql', line: 2, column: 9 }]);
  });

  it('renders a placeholder in the target schema when the hook cannot resolve the ref', () => {
    expect(render("{{ ref('unknown') }}", { ref: () => undefined })).toBe('"warehouse"."analytics"."unknown"');
  });

  it('include() leaves parts out', () => {
    expect(render("{{ ref('a').include(database=false) }}")).toBe('"analytics"."a"');
  });
});

describe('config', () => {
  it('passes keyword calls to the hook and prints nothing', () => {
    const h = hooks();
    const out = engine.renderSync("{{ config(materialized='table', tags=['x']) }}select 1", 'models/m.sql', h);
    expect(out).toBe('select 1');
    expect(h.configured).toEqual({ materialized: 'table', tags: ['x'] });
  });

  it('config.get reads values set in the template, then the model config, then the default', () => {
    const model = { config: { materialized: 'view', unique_key: 'id' } };
    expect(render("{{ config(materialized='table') }}{{ config.get('materialized') }} {{ config.get('unique_key') }} {{ config.get('missing', 'dflt') }} {{ config.get('missing') }}", { model })).toBe(
      'table id dflt None',
    );
  });

  it('config.require fails with a compiler error when the key is missing', () => {
    expect(() => render("{{ config.require('unique_key') }}")).toThrow(expect.objectContaining({ code: 'FLOE_COMPILER_ERROR' }));
  });
});

describe('var and env_var', () => {
  it('reads vars, with defaults', () => {
    expect(render("{{ var('start') }} {{ var('missing', 'd') }} {{ var('n', 0) + 1 }}", { vars: { start: '2024-01-01', n: 1 } })).toBe('2024-01-01 d 2');
  });

  it('a missing var without default is FLOE_VAR_UNDEFINED naming the var, at its position', () => {
    try {
      render("select\n  {{ var('start_date') }}");
      expect.fail('should throw');
    } catch (error) {
      expect(error).toMatchObject({ code: 'FLOE_VAR_UNDEFINED', position: { file: 'models/orders.sql', line: 2, column: 6 } });
      expect((error as Error).message).toContain('start_date');
    }
  });

  it('reads env vars, with defaults; a missing one is FLOE_ENV_VAR_UNDEFINED', () => {
    expect(render("{{ env_var('USER_X') }} {{ env_var('NOPE', 'fallback') }}", { env: { USER_X: 'me' } })).toBe('me fallback');
    expect(() => render("{{ env_var('NOPE') }}")).toThrow(expect.objectContaining({ code: 'FLOE_ENV_VAR_UNDEFINED', message: expect.stringContaining('NOPE') }));
  });
});

describe('other context values', () => {
  it('this, target, execute, project_name, is_incremental', () => {
    const out = render('{{ this }} {{ this.identifier }} {{ target.name }} {{ target.schema }} {{ execute }} {{ project_name }} {{ is_incremental() }}', {
      this: { database: 'warehouse', schema: 'analytics', identifier: 'orders' },
    });
    expect(out).toBe('"warehouse"."analytics"."orders" orders dev analytics False my_project False');
  });

  it('is_incremental() drives the usual incremental filter', () => {
    const source = "select * from src\n{% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% endif %}";
    expect(render(source, { isIncremental: () => true, this: { schema: 's', identifier: 'm' } })).toBe('select * from src\nwhere ts > (select max(ts) from "s"."m")');
    expect(render(source)).toBe('select * from src\n');
  });

  it('log() sends messages to the hook and prints nothing', () => {
    const h = hooks();
    expect(engine.renderSync("{{ log('hello ' ~ 1, info=True) }}x", 'm.sql', h)).toBe('x');
    expect(h.logs).toEqual(['hello 1']);
  });

  it('doc() asks the docs hook', () => {
    expect(render("{{ doc('orders') }}|{{ doc('pkg', 'x') }}", { docs: (name, pkg) => `${pkg ?? ''}:${name}` })).toBe(':orders|pkg:x');
  });

  it('exceptions.raise_compiler_error is FLOE_COMPILER_ERROR with the position', () => {
    expect(() => render("\n{{ exceptions.raise_compiler_error('bad input') }}")).toThrow(
      expect.objectContaining({ code: 'FLOE_COMPILER_ERROR', message: 'bad input', position: { file: 'models/orders.sql', line: 2, column: 4 } }),
    );
  });

  it('modules.datetime, run_started_at, invocation_id, flags', () => {
    expect(render("{{ modules.datetime.datetime.now().strftime('%Y') | length }}")).toBe('4');
    expect(render('{{ run_started_at.year > 2000 }} {{ invocation_id | length }} {{ flags.FULL_REFRESH }}')).toBe('True 36 False');
    expect(render('{{ flags.FULL_REFRESH }}', { extra: { flags: { FULL_REFRESH: true } } })).toBe('True');
  });

  it('modules.re', () => {
    expect(render("{{ modules.re.sub('[^a-z]', '_', 'a-b c') }} {{ modules.re.search('(\\\\d+)', 'ab12').group(1) }}")).toBe('a_b_c 12');
  });

  it('extra globals are visible to templates and macros', () => {
    const withMacro = jinja([{ source: '{% macro show() %}{{ column_name }}{% endmacro %}' }]);
    expect(withMacro.renderSync('{{ column_name }}/{{ show() }}', 'm.sql', hooks({ extra: { column_name: 'id' } }))).toBe('id/id');
  });

  it('adapter.quote and api.Relation.create', () => {
    expect(render("{{ adapter.quote('Weird Name') }} {{ api.Relation.create(database='d', schema='s', identifier='t') }}")).toBe('"Weird Name" "d"."s"."t"');
  });

  it('tojson and fromjson globals', () => {
    expect(render("{{ tojson({'a': [1]}) }} {{ fromjson('[1, 2]') | length }}")).toBe('{"a": [1]} 2');
  });
});
