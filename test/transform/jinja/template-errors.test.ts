/** Jinja errors are FloeErrors (FLOE_JINJA) with the template file, line and column, never a JS stack. */
import { describe, expect, it } from 'vitest';
import { FloeError, FloeErrors } from '../../../src/errors/index.js';
import { hooks, jinja } from './support.js';

function failure(run: () => unknown): FloeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FloeError);
    return error as FloeError;
  }
  throw new Error('expected an error');
}

const engine = jinja([
  {
    file: 'macros/helpers.sql',
    source: "{% macro ok() %}fine{% endmacro %}\n\n{% macro broken(x) %}\n  select {{ x }},\n         {{ undefined_helper(x) }}\n{% endmacro %}\n{% macro needs_var() %}{{ var('region') }}{% endmacro %}",
  },
]);
const render = (source: string): string => engine.renderSync(source, 'models/orders.sql', hooks());

describe('syntax errors', () => {
  it('an unclosed expression points at its line and column', () => {
    const error = failure(() => render('select 1,\n  {{ amount + }}\nfrom t'));
    expect(error.code).toBe('FLOE_JINJA');
    expect(error.position).toEqual({ file: 'models/orders.sql', line: 2, column: 15 }); // the unexpected `}}`
  });

  it('an unknown tag names the tag and its line', () => {
    const error = failure(() => render('select 1\n\n{% frobnicate %}'));
    expect(error.message).toContain('frobnicate');
    expect(error.position).toMatchObject({ file: 'models/orders.sql', line: 3 });
  });

  it('a block left open is reported at the end of the file', () => {
    const error = failure(() => render('{% if x %}\nselect 1\n'));
    expect(error.message).toMatch(/end of file/);
    expect(error.position).toEqual({ file: 'models/orders.sql', line: 2, column: 9 });
  });

  it('a syntax error in a macro file fails createDbtJinja with every broken file', () => {
    try {
      jinja([
        { file: 'macros/a.sql', source: '{% macro a() %}\n{{ 1 + }}\n{% endmacro %}' },
        { file: 'macros/b.sql', source: '{% macro b() %}' },
      ]);
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(FloeErrors);
      const errors = (error as FloeErrors).errors;
      expect(errors.map((e) => [e.code, e.position?.file, e.position?.line])).toEqual([
        ['FLOE_JINJA', 'macros/a.sql', 2],
        ['FLOE_JINJA', 'macros/b.sql', 1],
      ]);
    }
  });

  it('messages carry no JavaScript stack or nunjucks framing', () => {
    const error = failure(() => render('{{ 1 + }}'));
    expect(error.message).not.toMatch(/\n\s+at |Template render error|\[Line/);
  });
});

describe('runtime errors', () => {
  it('calling something undefined points at the call, with a hint', () => {
    const error = failure(() => render("select\n  {{ reff('customers') }}"));
    expect(error).toMatchObject({ code: 'FLOE_JINJA', message: "'reff' is undefined", position: { file: 'models/orders.sql', line: 2, column: 6 } });
    expect(error.hint).toBe("did you mean 'ref'?");
  });

  it('calling a method on an undefined value raises, as Jinja2 does (no empty output)', () => {
    const error = failure(() => render("{% set result = {'columns': [[1]]} %}\nselect\n  {{ result.columns[3].values() | join(', ') }}"));
    expect(error).toMatchObject({ code: 'FLOE_JINJA', message: "'result.columns[3].values' is undefined", position: { file: 'models/orders.sql', line: 3, column: 6 } });
    expect(error.hint).toContain("result.columns[3] has no method 'values'");
    expect(failure(() => render('{{ none_at_all.items() }}')).message).toBe("'none_at_all.items' is undefined");
    expect(failure(() => render('{% set x = none %}{{ x.keys() }}')).message).toBe("'x.keys' is undefined");
  });

  it('undefined values still print as empty and test as false, as in Jinja2', () => {
    expect(render("[{{ nothing }}][{{ nothing.attr }}][{{ 'yes' if nothing.attr else 'no' }}][{{ {'a': 1}.values() | list | join }}]")).toBe('[][][no][1]');
  });

  it('an error inside a macro points into the macro file, not the caller', () => {
    const error = failure(() => render("select 1\n{{ broken('a') }}"));
    expect(error.position).toEqual({ file: 'macros/helpers.sql', line: 5, column: 13 });
    expect(error.message).toContain('undefined_helper');
  });

  it('a FloeError raised by a context function keeps its code and gets the position', () => {
    const error = failure(() => render('\n\n  {{ needs_var() }}'));
    expect(error.code).toBe('FLOE_VAR_UNDEFINED');
    expect(error.position).toEqual({ file: 'macros/helpers.sql', line: 7, column: 27 });
  });

  it('an unknown filter is an error at the filter', () => {
    const error = failure(() => render("{{ ref('a') }}\n{{ 'a' | no_such_filter }}"));
    expect(error).toMatchObject({ code: 'FLOE_JINJA', message: "no filter named 'no_such_filter'", position: { file: 'models/orders.sql', line: 2, column: 10 } });
  });

  it('an error raised by a filter points at the filter', () => {
    const error = failure(() => render("{{ ref('a') }}\n  {{ [1] | map() }}"));
    expect(error).toMatchObject({ code: 'FLOE_JINJA', position: { file: 'models/orders.sql', line: 2, column: 12 } });
    expect(error.message).toContain('map()');
  });

  it('calling a macro that does not exist through callMacro suggests the nearest name', async () => {
    await expect(engine.callMacro('brokn', [], hooks())).rejects.toMatchObject({ code: 'FLOE_JINJA', hint: "did you mean 'broken'?" });
  });
});

describe('macro files', () => {
  it('two macros of the same name in one package are FLOE_DUPLICATE_MACRO naming both places', () => {
    try {
      jinja([
        { file: 'macros/a.sql', source: '{% macro same() %}1{% endmacro %}' },
        { file: 'macros/b.sql', source: '\n{% macro same() %}2{% endmacro %}' },
      ]);
      expect.fail('should throw');
    } catch (error) {
      const [duplicate] = (error as FloeErrors).errors;
      expect(duplicate).toMatchObject({ code: 'FLOE_DUPLICATE_MACRO', position: { file: 'macros/b.sql', line: 2, column: 1 } });
      expect(duplicate.detail).toBe('defined at macros/a.sql:1\ndefined at macros/b.sql:2');
    }
  });
});
