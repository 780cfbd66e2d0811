/** Python methods on str / list / dict, filters and `is` tests, as Jinja2 evaluates them. */
import { describe, expect, it } from 'vitest';
import { hooks, jinja } from './support.js';

const engine = jinja();
const render = (source: string, extra: Record<string, unknown> = {}): string => engine.renderSync(source, 'models/m.sql', hooks({ extra }));

describe('string methods', () => {
  const cases: Array<[string, string]> = [
    ["{{ 'Orders'.upper() }}", 'ORDERS'],
    ["{{ 'Orders'.lower() }}", 'orders'],
    ["{{ '  p  '.strip() }}|", 'p|'],
    ["{{ 'xxpxx'.strip('x') }}", 'p'],
    ["{{ '  x'.lstrip() }}|{{ 'x  '.rstrip() }}|", 'x|x|'],
    ["{{ 'a b  c'.split() }}", "['a', 'b', 'c']"],
    ["{{ 'a,b'.split(',') }}", "['a', 'b']"],
    ["{{ 'a,b,c'.split(',', 1) }}", "['a', 'b,c']"],
    ["{{ 'a.b.c'.rsplit('.', 1) }}", "['a.b', 'c']"],
    ["{{ 'hello world'.title() }}", 'Hello World'],
    ["{{ 'hELLO'.capitalize() }}", 'Hello'],
    ["{{ 'abc'.startswith('ab') }} {{ 'abc'.startswith(('x', 'a')) }}", 'True True'],
    ["{{ 'abc'.endswith(('x', 'c')) }} {{ 'abc'.endswith('b') }}", 'True False'],
    ["{{ 'a-b-c'.replace('-', '_') }}", 'a_b_c'],
    ["{{ 'a-b-c'.replace('-', '_', 1) }}", 'a_b-c'],
    ["{{ ', '.join(['a', 'b']) }}", 'a, b'],
    ["{{ 'banana'.count('a') }} {{ 'banana'.find('n') }} {{ 'banana'.find('z') }}", '3 2 -1'],
    ["{{ '123'.isdigit() }} {{ '12a'.isdigit() }} {{ 'ab'.isalpha() }} {{ 'AB'.isupper() }} {{ 'ab'.islower() }}", 'True False True True True'],
    ["{{ '{}_{}'.format('x', 3) }} {{ '{0}{0}'.format('ab') }} {{ '{n}'.format(n=1) }}", 'x_3 abab 1'],
    ["{{ '7'.zfill(3) }} {{ 'a'.ljust(3) }}| {{ 'a'.rjust(3, '*') }}", '007 a  | **a'],
    ["{{ 'k=v'.partition('=') }}", "['k', '=', 'v']"],
  ];
  for (const [source, expected] of cases) {
    it(source, () => expect(render(source)).toBe(expected));
  }

  it('works on macro output (a string) too', () => {
    expect(render("{% macro n() %}  Mixed  {% endmacro %}{{ n().strip().lower() }}")).toBe('mixed');
  });
});

describe('list methods', () => {
  it('append, extend, pop, index, count, insert, sort, reverse', () => {
    const source =
      '{% set l = [3,1] %}{% do l.append(2) %}{% do l.extend([5]) %}{{ l }} {{ l.pop() }} {{ l.pop(0) }} {{ l }} {{ l.index(2) }} {{ l.count(1) }}{% do l.insert(0, 9) %} {{ l }}{% do l.sort() %} {{ l }}{% do l.reverse() %} {{ l }}';
    expect(render(source)).toBe('[3, 1, 2, 5] 5 3 [1, 2] 1 1 [9, 1, 2] [1, 2, 9] [9, 2, 1]');
  });

  it('remove of a missing item is an error', () => {
    expect(() => render('{% set l = [1] %}{% do l.remove(2) %}')).toThrow(/not in list/);
  });
});

describe('dict methods', () => {
  it('update, items, keys, values, get, pop', () => {
    const source =
      "{% set m = {'a': 1} %}{% do m.update({'b': 2}) %}{{ m }} {{ m.keys() | list }} {{ m.values() | list }} {{ m.get('a') }} {{ m.get('z') }} {{ m.get('z', 5) }} {{ m.pop('a') }} {{ m }}{% for k, v in m.items() %} {{ k }}={{ v }}{% endfor %}";
    expect(render(source)).toBe("{'a': 1, 'b': 2} ['a', 'b'] [1, 2] 1 None 5 1 {'b': 2} b=2");
  });

  it('update with keyword arguments and setdefault', () => {
    expect(render("{% set m = {} %}{% do m.update(a=1) %}{{ m.setdefault('b', 2) }} {{ m }}")).toBe("2 {'a': 1, 'b': 2}");
  });

  it('dict() and zip() builtins', () => {
    expect(render("{{ dict(a=1) }} {{ zip([1, 2], ['a', 'b']) | list | length }}")).toBe("{'a': 1} 2");
  });
});

describe('filters', () => {
  const data = { x: [1, 2, 3], d: { a: 1, b: 2 } };
  const cases: Array<[string, string]> = [
    ['{{ d | tojson }} {{ x | tojson }} {{ "a" | tojson }}', '{"a": 1, "b": 2} [1, 2, 3] "a"'],
    ["{{ '%s and %s' | format('a', 'b') }}", 'a and b'],
    ["{{ x | map('string') | join(',') }}", '1,2,3'],
    ["{{ [{'n': 'a'}, {'n': 'b'}] | map(attribute='n') | join(',') }}", 'a,b'],
    ['{{ [1, 1, 2] | unique | list }}', '[1, 2]'],
    ['{{ x | min }} {{ x | max }} {{ x | length }} {{ x | count }} {{ x | first }} {{ x | last }} {{ x | sum }}', '1 3 3 3 1 3 6'],
    ["{{ 'ab' | upper }} {{ 'Hi' | lower }} {{ ' t ' | trim }} {{ 'aXa' | replace('a', 'b') }}", 'AB hi t bXb'],
    ["{{ undefined_thing | default('dflt') }} {{ none | default('kept') }} {{ x | join('-') }}", 'dflt None 1-2-3'],
    ["{{ 'true' | as_bool }} {{ '12' | as_number + 1 }} {{ 3 | as_text }}", 'True 13 3'],
    ['{{ [3, 1, 2] | sort }} {{ [3, 1, 2] | sort(reverse=true) | first }}', '[1, 2, 3] 3'],
    ['{{ d | length }}', '2'],
  ];
  for (const [source, expected] of cases) {
    it(source, () => expect(render(source, data)).toBe(expected));
  }
});

describe('is tests', () => {
  it('string, number, mapping, none, iterable, sequence, defined', () => {
    const source =
      "{{ none is none }} {{ 1 is number }} {{ 'a' is string }} {{ d is mapping }} {{ x is sequence }} {{ x is iterable }} {{ 'a' is mapping }} {{ x is string }} {{ 1 is none }} {{ x is defined }} {{ y is defined }} {{ 4 is divisibleby(2) }}";
    expect(render(source, { x: [1], d: {} })).toBe('True True True True True True False False False True False True');
  });

  it('is not', () => {
    expect(render("{{ 'a' is not none }} {{ none is not none }}")).toBe('True False');
  });
});
