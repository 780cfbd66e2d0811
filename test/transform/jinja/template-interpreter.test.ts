/**
 * Parse-time renders walk plain templates instead of compiling them; the
 * walk must be indistinguishable from the compiled code: same output, same
 * ref/source/config calls (with positions), same errors at the same place.
 * `renderSync` walks; `render` (run time) always compiles — so each template
 * is rendered both ways and the results compared (walked first: a template
 * already compiled in this process is not walked).
 */
import { describe, expect, it } from 'vitest';
import { FloeError } from '../../../src/errors/index.js';
import { hooks, jinja } from './support.js';

const engine = jinja([
  { file: 'macros/helpers.sql', source: "{% macro shout(x, suffix='!') %}{{ x | upper }}{{ suffix }}{% endmacro %}\n{% macro fails() %}{{ nothing_here() }}{% endmacro %}" },
]);

interface Observed {
  output?: string;
  error?: { code: string; message: string; position: unknown };
  calls: unknown[];
}

function observingHooks(calls: unknown[]): ReturnType<typeof hooks> {
  return hooks({
    vars: { limit_rows: 10, region: 'eu' },
    ref: (call) => {
      calls.push(['ref', call]);
      return { database: 'warehouse', schema: 'analytics', identifier: call.name };
    },
    source: (sourceName, tableName, position) => {
      calls.push(['source', sourceName, tableName, position]);
      return undefined;
    },
    config: (values) => calls.push(['config', values]),
  });
}

function describeError(error: unknown): Observed['error'] {
  expect(error).toBeInstanceOf(FloeError);
  const floe = error as FloeError;
  return { code: floe.code, message: floe.message, position: floe.position };
}

function walked(source: string): Observed {
  const calls: unknown[] = [];
  try {
    return { output: engine.renderSync(source, 'models/m.sql', observingHooks(calls)), calls };
  } catch (error) {
    return { error: describeError(error), calls };
  }
}

async function compiled(source: string): Promise<Observed> {
  const calls: unknown[] = [];
  try {
    return { output: await engine.render(source, 'models/m.sql', observingHooks(calls)), calls };
  } catch (error) {
    return { error: describeError(error), calls };
  }
}

const SAME_AS_COMPILED: Record<string, string> = {
  'a typical model': "{{ config(tags=['bench'], materialized='table') }}\n-- model 2\nselect *\nfrom {{ ref('model_1') }} base\nleft join {{ source('raw', 'orders') }} o on o.id = base.id\n{% if var('limit_rows', none) is not none %}limit {{ var('limit_rows') }}{% endif %}\n",
  'elif chains and comparisons': "{% if target.name == 'prod' %}p{% elif target.name != 'dev' %}x{% elif 1 < 2 %}lt{% else %}o{% endif %}",
  'loose equality as in the compiled code': "{{ '1' == 1 }} {{ 1 == 1.0 }} {{ none == false }} {{ 2 >= '10' }}",
  'python and/or/not': "{{ 0 or 'fallback' }} {{ '' and 'never' }} {{ 'a' and 'b' }} {{ not [] }} {{ not 'x' }}",
  'literals, lists, dicts and tuples': "{{ [1, 'a', none, true] }} {{ {'a': 1, b: [2]} }} {{ (1, 'two') }} {{ (3) }} {{ None }} {{ True }}",
  'inline if without else': "[{{ 'yes' if var('region') == 'us' }}] [{{ 'eu' if var('region') == 'eu' else 'other' }}]",
  'concatenation and filters': "{{ ref('a') ~ '_suffix' }} {{ 'abc' | upper }} {{ ['b', 'a'] | sort | join(', ') }}",
  'tests with and without arguments': '{{ x is defined }} {{ 10 is divisibleby(5) }} {{ none is none }} {{ 1 is not none }}',
  'member calls and lookups': "{{ adapter.quote('col') }} {{ target.schema }} {{ this }} {{ 'a,b'.split(',')[1] }} {{ {'k': 'v'}['k'] }}",
  'macros called from a plain template': "{{ shout('hi') }} {{ shout('hi', suffix='?') }} {{ dbt.current_timestamp() }}",
  'keyword arguments and version refs': "{{ ref('pkg', 'model') }} {{ ref('m', v=2) }} {{ config(post_hook=['select 1'], meta={'owner': 'me'}) }}",
  'an undefined function': 'select 1\nfrom {{ no_such_function(1) }}',
  'a method on a value without it': "{{ target.name.nope() }}",
  'a missing var': "select {{ var('not_set') }}",
  'an unknown filter': "{{ 'x' | no_such_filter }}",
  'an unknown test': '{{ 1 is no_such_test }}',
  // An error raised outside a call is placed at the last call started, as the compiled code does.
  'an unknown test after a call': "select {{ ref('a') }},\n  {{ 1 is no_such_test }}",
  'an error inside a macro': "select\n  {{ fails() }}",
  'an error in an argument of a later call': "{{ ref('ok') }}\n{{ ref(missing_fn()) }}",
  'calls in a failed branch are not made': "{% if false %}{{ ref('never') }}{% endif %}{{ ref('always') }}",
};

describe('parse-time renders walk plain templates exactly as the compiled code runs', () => {
  for (const [name, source] of Object.entries(SAME_AS_COMPILED)) {
    it(name, async () => {
      const walk = walked(source); // first: once a template is compiled, the compiled code is reused
      expect(walk).toEqual(await compiled(source));
    });
  }

  it('a ref() call records where it is', () => {
    const { calls } = walked("select 1\nfrom   {{ ref('orders') }}");
    expect(calls).toEqual([['ref', expect.objectContaining({ name: 'orders', position: { file: 'models/m.sql', line: 2, column: 11 } })]]);
  });

  it('an error names the file, line and column of the failing call', () => {
    const { error } = walked('select 1\nfrom {{ no_such_function(1) }}');
    expect(error).toMatchObject({ code: 'FLOE_JINJA', position: { file: 'models/m.sql', line: 2, column: 9 } });
    expect(error?.message).toContain('no_such_function');
  });
});

describe('templates the walker leaves to the compiler render as before', () => {
  const COMPILED_ONLY: Record<string, string> = {
    'a for loop': '{% for x in [1, 2] %}{{ loop.index }}:{{ x }} {% endfor %}',
    'set and arithmetic': "{% set n = 2 + 3 %}{{ n * 2 }} {{ ref('after_set') }}",
    'a macro defined in the model': "{% macro m(a) %}<{{ a }}>{% endmacro %}{{ m('x') }}",
    'a call block': "{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}inner {{ ref('in_call') }}{% endcall %}",
    'chained comparisons': '{{ 1 < 2 < 3 }} {{ 1 == 1 < 2 }}',
    'a syntax error': 'select {{ 1 + }}',
  };
  for (const [name, source] of Object.entries(COMPILED_ONLY)) {
    it(name, async () => {
      const walk = walked(source); // first: once a template is compiled, the compiled code is reused
      expect(walk).toEqual(await compiled(source));
    });
  }
});
