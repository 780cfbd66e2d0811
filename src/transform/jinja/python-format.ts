/**
 * Python's two string formatting mini-languages, as dbt macros use them:
 * `"%s.%s" % (a, b)` / `"%s" | format(x)` and `"{}_{name}".format(a, name=b)`.
 * Only the common conversions are supported (s, r, d, i, f, with width/precision).
 */
import { FloeError } from '../../errors/index.js';
import { isPlainObject, pythonRepr, pythonStr } from './python-values.js';

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifrxXeEgGc%])/g;

/** `template % values` (values: one value, a list standing in for a tuple, or a dict for `%(name)s`). */
export function percentFormat(template: string, values: unknown): string {
  const positional = Array.isArray(values) ? values : [values];
  let index = 0;
  return template.replace(PERCENT_SPEC, (_match, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    let value: unknown;
    if (key !== undefined) {
      value = isPlainObject(values) ? values[key] : undefined;
    } else {
      if (index >= positional.length) throw new FloeError('FLOE_JINJA', `not enough arguments for format string '${template}'`);
      value = positional[index++];
    }
    return pad(convert(value, conversion, precision), flags, width);
  });
}

function convert(value: unknown, conversion: string, precision: string | undefined): string {
  switch (conversion) {
    case 's':
      return pythonStr(value);
    case 'r':
      return pythonRepr(value);
    case 'd':
    case 'i':
      return String(Math.trunc(Number(value)));
    case 'f':
      return Number(value).toFixed(precision === undefined ? 6 : Number(precision));
    case 'e':
    case 'E': {
      const text = Number(value).toExponential(precision === undefined ? 6 : Number(precision)).replace(/e([+-])(\d)$/, 'e$10$2');
      return conversion === 'E' ? text.toUpperCase() : text;
    }
    case 'g':
    case 'G':
      return String(Number(value));
    case 'x':
      return Math.trunc(Number(value)).toString(16);
    case 'X':
      return Math.trunc(Number(value)).toString(16).toUpperCase();
    case 'c':
      return typeof value === 'number' ? String.fromCharCode(value) : pythonStr(value);
    default:
      return pythonStr(value);
  }
}

function pad(text: string, flags: string, width: string | undefined): string {
  if (!width || width === '*') return text;
  const size = Number(width);
  if (flags.includes('-')) return text.padEnd(size);
  if (flags.includes('0') && /^-?[\d.]+$/.test(text)) return text.startsWith('-') ? '-' + text.slice(1).padStart(size - 1, '0') : text.padStart(size, '0');
  return text.padStart(size);
}

/** `str.format(*args, **kwargs)` with `{}`, `{0}`, `{name}`, `{name.attr}`, `{{`/`}}` and simple specs (`:>10`, `:.2f`). */
export function braceFormat(template: string, positional: unknown[], keywords: Record<string, unknown>): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}:!]*)(?:!([rs]))?(?::([^{}]*))?\}/g, (match, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const path = (field ?? '').split('.');
    const head = path.shift() ?? '';
    let value: unknown = head === '' ? positional[auto++] : /^\d+$/.test(head) ? positional[Number(head)] : keywords[head];
    for (const attribute of path) value = (value as Record<string, unknown> | undefined)?.[attribute];
    const text = conversion === 'r' ? pythonRepr(value) : spec && /[df%]$/.test(spec) ? formatNumberSpec(value, spec) : pythonStr(value);
    return spec ? alignSpec(text, spec) : text;
  });
}

function formatNumberSpec(value: unknown, spec: string): string {
  const precision = /\.(\d+)/.exec(spec)?.[1];
  const kind = spec[spec.length - 1];
  const number = Number(value);
  if (kind === 'f') return number.toFixed(precision === undefined ? 6 : Number(precision));
  if (kind === '%') return (number * 100).toFixed(precision === undefined ? 6 : Number(precision)) + '%';
  return String(Math.trunc(number));
}

function alignSpec(text: string, spec: string): string {
  const match = /^(?:(.)?([<>^]))?0?(\d+)?/.exec(spec);
  if (!match || !match[3]) return text;
  const explicitAlign = match[2];
  const fill = explicitAlign && match[1] ? match[1] : ' ';
  const width = Number(match[3]);
  if (text.length >= width) return text;
  const align = explicitAlign ?? (/^-?[\d.]+%?$/.test(text) ? '>' : '<');
  const missing = width - text.length;
  if (align === '<') return text + fill.repeat(missing);
  if (align === '>') return fill.repeat(missing) + text;
  const left = Math.floor(missing / 2);
  return fill.repeat(left) + text + fill.repeat(missing - left);
}
