/**
 * The Jinja2 constructs floe's renderer must print exactly as Python's
 * Jinja2 does. docs/dbt-compatibility.md lists each by `construct`; the
 * differential test renders every case with both and compares the text.
 */
export interface Jinja2Case {
  /** The row of the table in docs/dbt-compatibility.md this case backs. */
  construct: string;
  template: string;
  context?: Record<string, unknown>;
}

export const JINJA2_CASES: Jinja2Case[] = [
  // ── literals and printing ─────────────────────────────────────────────
  { construct: 'None, True, False', template: '{{ none }} {{ true }} {{ false }} {{ None }} {{ True }} {{ False }}' },
  { construct: 'lists, dicts and tuples print as Python', template: "{{ [1, 'a', none, true] }} {{ {'a': 1, 'b': [2]} }} {{ (1, 'x') }} {{ (1,) }} {{ () }}" },
  { construct: 'floats print as Python prints them', template: '{{ 3.0 }} {{ 1.5 * 2 }} {{ 0.1 + 0.2 }} {{ 1 / 3 }} {{ 2.0 ** 3 }} {{ 10.0 ** 20 }} {{ 0.00001 }} {{ -0.5 }}' },
  { construct: 'true division, floor division, modulo, power', template: '{{ 10 / 4 }} {{ 8 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7.5 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }}' },
  { construct: 'string escapes as Python reads them', template: "{{ 'a\\sb' }}|{{ 'x\\ty' | length }}|{{ 'it\\'s' }}|{{ '\\x41\\u00e9' }}|{{ \"\\\\d+\" }}" },
  { construct: 'strings: concatenation with ~ and +, repetition', template: "{{ 1 ~ 'a' ~ none ~ true }} {{ 'a' + 'b' }} {{ 'ab' * 3 }}" },
  // ── trailing commas ───────────────────────────────────────────────────
  { construct: 'trailing commas in lists, dicts and tuples', template: "{{ [1, 2,] }} {{ {'a': 1,} }} {{ (1, 2,) }} {{ ('only',) }}" },
  {
    construct: 'trailing commas in calls',
    template: "{% macro f(a, b=2) %}{{ a }}-{{ b }}{% endmacro %}{{ f(1,) }} {{ f(1, b=3,) }} {{ f(\n  1,\n  b=4,\n) }}",
  },
  // ── dict keys ─────────────────────────────────────────────────────────
  { construct: 'dict keys are expressions', template: "{% set k = 'x' %}{% set s = 'KEY' %}{{ {k: 1} }} {{ {'a' ~ 'b': 2} }} {{ {s.lower(): 3} }}" },
  // ── *args and **kwargs ────────────────────────────────────────────────
  {
    construct: '*args at call sites',
    template: "{% macro f(a, b, c) %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ f(*[1, 2, 3]) }} {{ f(1, *['x', 'y']) }} {{ f(*'abc') }}",
  },
  {
    construct: '**kwargs at call sites',
    template: "{% macro f(a, b=0, c=0) %}{{ a }}/{{ b }}/{{ c }}{% endmacro %}{{ f(**{'a': 1, 'b': 2, 'c': 3}) }} {{ f(1, **{'c': 3}) }} {% set opts = {'b': 9} %}{{ f(1, c=5, **opts) }}",
  },
  {
    construct: 'varargs and kwargs inside a macro',
    template: '{% macro g(a) %}{{ a }} {{ varargs }} {{ kwargs }}{% endmacro %}{{ g(1, 2, 3, x=4) }} | {{ g(5) }}',
  },
  {
    construct: 'forwarding **kwargs to another macro',
    template: "{% macro inner(v, label='none', sep=':') %}{{ label }}{{ sep }}{{ v }}{% endmacro %}{% macro outer(v) %}{{ inner(v, **kwargs) }}{% endmacro %}{{ outer(1, label='n', sep='=') }} {{ outer(2) }}",
  },
  // ── comparisons and containers ────────────────────────────────────────
  {
    construct: 'equality of lists, dicts, tuples and numbers',
    template: "{{ [1, 2] == [1, 2] }} {{ [1, 2] == [2, 1] }} {{ {'a': 1} == {'a': 1} }} {{ (1, 2) == (1, 2) }} {{ [1] != [1] }} {{ 1 == 1.0 }} {{ 'a' == 'a' }} {{ '1' == 1 }}",
  },
  { construct: 'set() compares as a set', template: '{{ set([1, 2, 2]) == set([2, 1]) }} {{ set([1]) == set([2]) }} {{ set([3, 1, 3]) | length }}' },
  { construct: 'ordering and chained comparisons', template: "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ [1, 2] < [1, 3] }} {{ 'a' < 'b' }} {{ 2 >= 2 }}" },
  { construct: 'list + list, tuple + tuple', template: '{{ [1] + [2, 3] }} {{ (1,) + (2,) }} {% set l = [1] %}{{ l + l }}' },
  { construct: 'in and not in on lists, strings, dicts and tuples', template: "{{ 1 in [1, 2] }} {{ 'b' in 'abc' }} {{ 'k' in {'k': 1} }} {{ 3 not in (1, 2) }} {{ 'x' in [] }} {{ [1] in [[1], [2]] }}" },
  { construct: 'truthiness of empty containers and zero', template: "{% for v in [[], {}, '', 0, 0.0, none, [0], 'a'] %}{{ 't' if v else 'f' }}{% endfor %}" },
  { construct: 'and / or return an operand', template: "{{ 0 or 'x' }} {{ 1 and 'y' }} {{ none or [] }} {{ '' and 'never' }}" },
  { construct: 'inline if', template: "{{ 'y' if 1 > 2 else 'n' }} {{ 'yes' if [0] }}" },
  // ── assignment and scoping ────────────────────────────────────────────
  { construct: 'namespace() and {% set ns.attr = … %}', template: '{% set ns = namespace(n=0, seen=[]) %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}' },
  { construct: '{% set ns.attr %}…{% endset %}', template: "{% set ns = namespace(t='') %}{% set ns.t %}hello {{ 1 + 1 }}{% endset %}[{{ ns.t }}]" },
  { construct: '{% set %} inside a loop stays in the loop', template: '{% set x = 1 %}{% for i in [5, 6] %}{% set x = i %}{{ x }}{% endfor %}{{ x }}' },
  { construct: '{% set %} blocks capture output', template: '{% set block %}  a {{ 1 }}  {% endset %}[{{ block }}]{%- set trimmed -%}  b  {%- endset -%}[{{ trimmed }}]' },
  { construct: '{% do %}', template: '{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) %}{{ l }}' },
  // ── loops ─────────────────────────────────────────────────────────────
  { construct: 'loop variables', template: "{% for i in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }} {% endfor %}" },
  { construct: 'loop filters (for … if …)', template: '{% for i in range(7) if i % 2 == 0 %}{{ i }}:{{ loop.index }}/{{ loop.length }} {% endfor %}' },
  { construct: 'for … else', template: '{% for i in [] %}x{% else %}empty{% endfor %}' },
  { construct: 'unpacking in for and dict items()', template: "{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}" },
  { construct: 'iterating a dict gives its keys', template: "{% for k in {'x': 1, 'y': 2} %}{{ k }}{% endfor %}" },
  { construct: 'range()', template: '{{ range(3) | list }} {{ range(1, 10, 3) | list }} {{ range(5, 0, -2) | list }}' },
  // ── macros ────────────────────────────────────────────────────────────
  { construct: 'macro defaults and keyword arguments', template: "{% macro m(a, b='d', c=none) %}{{ a }},{{ b }},{{ c }}{% endmacro %}{{ m(1) }} {{ m(1, c=3) }} {{ m(a=2, b='x') }}" },
  { construct: 'call blocks and caller()', template: "{% macro wrap(tag='b') %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap() %}hi{% endcall %}{% call wrap('i') %}x{% endcall %}" },
  { construct: 'caller() with arguments', template: '{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}[{{ x * 10 }}]{% endcall %}' },
  // ── filters ───────────────────────────────────────────────────────────
  { construct: 'string filters', template: "{{ 'Hello World' | lower }} {{ 'abc' | upper }} {{ '  x  ' | trim }} {{ 'hello world' | title }} {{ 'hello' | capitalize }} {{ 'a,b,c' | replace(',', ';') }} {{ 'abc' | reverse }} {{ 'ab' | length }}" },
  { construct: 'list filters', template: "{{ [3, 1, 2] | sort }} {{ [1, 2, 3] | join('-') }} {{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ [1, 2, 2, 3] | unique | list }} {{ [1, 2, 3] | sum }} {{ [1, 2, 3] | reverse | list }} {{ [3, 1] | max }} {{ [3, 1] | min }}" },
  { construct: 'number filters', template: "{{ '5' | int + 1 }} {{ '2.5' | float }} {{ 3 | float }} {{ -3 | abs }} {{ 2.567 | round(1) }} {{ 2.5 | round }} {{ 7 | string }}" },
  { construct: 'default', template: "{{ none | default('d') }} {{ undefined_name | default('u') }} {{ '' | default('e', true) }} {{ 0 | default(5) }}" },
  { construct: 'map(attribute=…), including map(attribute=0)', template: "{{ [[1, 'a'], [2, 'b']] | map(attribute=0) | list }} {{ [{'x': 1}, {'x': 2}] | map(attribute='x') | list }} {{ ['A', 'B'] | map('lower') | list }}" },
  { construct: 'selectattr / rejectattr', template: "{{ [{'a': 1}, {'a': 0}] | selectattr('a') | list }} {{ [{'a': 1}, {'a': 2}] | selectattr('a', 'equalto', 2) | list }} {{ [{'a': 1}, {'a': 0}] | rejectattr('a') | list }}" },
  { construct: 'dictsort and items', template: "{{ {'b': 1, 'a': 2} | dictsort }} {{ {'x': 1} | items | list }}" },
  { construct: 'tojson', template: "{{ {'a': [1, 2.5, none, true]} | tojson }} {{ 'x' | tojson }}" },
  { construct: 'format filter and % formatting', template: "{{ '%s=%d' | format('a', 3) }} {{ '%s-%s' % ('x', 'y') }} {{ '%.2f' % 3.14159 }} {{ '%05d' % 42 }}" },
  { construct: 'filter blocks', template: '{% filter upper %}abc {{ 1 }}{% endfilter %}' },
  // ── methods ───────────────────────────────────────────────────────────
  {
    construct: 'string methods',
    template: "{{ 'a,b'.split(',') }} {{ ' x '.strip() }} {{ 'abc'.upper() }} {{ 'abc'.startswith('a') }} {{ 'a_b'.replace('_', '-') }} {{ '-'.join(['1', '2']) }} {{ '{}-{}'.format(1, 2) }} {{ 'a b c'.split() }} {{ 'Ab'.lower() }} {{ 'x'.endswith(('y', 'x')) }}",
  },
  { construct: 'list methods', template: '{% set l = [3, 1] %}{% do l.append(2) %}{{ l }} {% do l.extend([5]) %}{{ l }} {{ l.pop() }} {{ l.index(1) }} {{ l.count(3) }} {% do l.insert(0, 9) %}{{ l }}' },
  { construct: 'dict methods', template: "{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d }} {{ d.get('c', 9) }} {{ d.get('a') }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.items() | list }} {{ d.pop('a') }} {{ d }}" },
  // ── indexing ──────────────────────────────────────────────────────────
  { construct: 'slices and negative indices', template: "{{ [1, 2, 3, 4][1:3] }} {{ 'abcdef'[::2] }} {{ [1, 2, 3][-1] }} {{ 'abc'[-2:] }} {{ [1, 2, 3][::-1] }}" },
  { construct: 'attribute and item lookup', template: "{% set d = {'a': {'b': [10, 20]}} %}{{ d.a.b[1] }} {{ d['a']['b'][0] }} {{ d.missing is defined }}" },
  // ── tests ─────────────────────────────────────────────────────────────
  {
    construct: 'is tests',
    template: "{{ none is none }} {{ 1 is number }} {{ 'a' is string }} {{ [1] is iterable }} {{ {} is mapping }} {{ 4 is divisibleby 2 }} {{ x is defined }} {{ 3 is odd }} {{ 2 is even }} {{ 'a' is not none }} {{ 1.5 is float }} {{ 1 is integer }}",
  },
  // ── whitespace, comments, raw ─────────────────────────────────────────
  { construct: 'whitespace control', template: 'a  {%- if true -%}  b  {%- endif -%}  c\n  {{- "d" -}}\n  e' },
  { construct: 'comments and raw blocks', template: 'a{# comment {{ x }} #}b {% raw %}{{ not rendered }}{% endraw %}' },
  { construct: 'trailing newline dropped', template: 'line\n' },
  // ── dbt's modules ─────────────────────────────────────────────────────
  {
    construct: 'modules.datetime',
    template:
      "{{ modules.datetime.date(2024, 1, 31) + modules.datetime.timedelta(days=1) }} {{ (modules.datetime.datetime(2024, 1, 2, 12) - modules.datetime.datetime(2024, 1, 1)).total_seconds() }} {{ modules.datetime.datetime(2024, 3, 5, 7, 8, 9).strftime('%Y/%m/%d %H:%M:%S %A %j') }} {{ modules.datetime.datetime.strptime('2024-02-29', '%Y-%m-%d').date() }} {{ modules.datetime.timedelta(hours=25) }} {{ modules.datetime.date(2024, 1, 1) < modules.datetime.date(2024, 1, 2) }}",
  },
  { construct: 'modules.pytz.timezone', template: "{{ modules.datetime.datetime(2024, 7, 1, 12, tzinfo=modules.pytz.utc).astimezone(modules.pytz.timezone('Europe/Paris')) }} {{ modules.datetime.datetime(2024, 1, 1, tzinfo=modules.pytz.utc).isoformat() }}" },
  { construct: 'modules.re', template: "{{ modules.re.sub('a+', 'b', 'caaat') }} {{ modules.re.findall('[0-9]+', 'a1b22') }} {{ modules.re.match('(?P<y>[0-9]{4})', '2024-01').group('y') }} {{ modules.re.split(',\\\\s*', 'a, b,c') }}" },
  { construct: 'modules.itertools', template: "{{ modules.itertools.chain([1], [2]) | list }} {{ modules.itertools.product([1, 2], 'a') | list }} {{ modules.itertools.combinations([1, 2, 3], 2) | list }}" },
  { construct: 'zip() and list()', template: "{{ zip([1, 2], ['a', 'b']) | list }} {{ list('ab') }}" },
  // ── context values ────────────────────────────────────────────────────
  { construct: 'values from the context', template: "{{ name }} {{ items | length }} {{ config.mode }} {% for i in items %}{{ i * 2 }}{% endfor %}", context: { name: 'orders', items: [1, 2, 3], config: { mode: 'fast' } } },
];
