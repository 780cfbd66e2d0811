/**
 * Filters Jinja2 and dbt have that nunjucks lacks or spells differently:
 * `tojson`, `format`, `map`, `unique`, `min`, `max`, `items`, `as_bool`,
 * `as_number`, `as_text`, `as_native`, and `length`/`string` with Python
 * semantics. nunjucks' own filters (lower, upper, trim, replace, join,
 * default, …) stay as they are.
 */
import type nunjucks from 'nunjucks';
import { FloeError } from '../../errors/index.js';
import { nunjucksRuntime } from './nunjucks-internals.js';
import { percentFormat } from './python-format.js';
import { asString, isPlainObject, isSafeString, PyTuple, pythonStr, splitArguments, truthy } from './python-values.js';
import { PyFloat, pythonFloatRepr } from './python-operators.js';

/** JSON as Python's json.dumps writes it (`", "` and `": "` separators), as Jinja2's tojson does. */
export function pythonJson(value: unknown, indent?: number, sortKeys = false): string {
  const normalize = (v: unknown): unknown => {
    if (v === undefined) return null;
    if (v instanceof PyFloat) return v;
    if (isSafeString(v)) return v.val;
    if (typeof v === 'bigint') return Number(v);
    if (Array.isArray(v)) return v.map(normalize);
    if (isPlainObject(v)) {
      const keys = Object.keys(v).filter((k) => k !== '__keywords');
      if (sortKeys) keys.sort();
      return Object.fromEntries(keys.map((k) => [k, normalize(v[k])]));
    }
    if (v !== null && typeof v === 'object' && typeof (v as { toString?: unknown }).toString === 'function' && !(v instanceof Date)) {
      const text = String(v);
      if (text !== '[object Object]') return text;
    }
    return v;
  };
  const normalized = normalize(value);
  if (indent !== undefined && indent !== null) return JSON.stringify(normalized, null, indent);
  return stringifyCompactPython(normalized);
}

function stringifyCompactPython(value: unknown): string {
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? pythonFloatRepr(value.value) : 'NaN';
  if (Array.isArray(value)) return `[${value.map(stringifyCompactPython).join(', ')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${stringifyCompactPython(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function attributeGetter(attribute: string): (item: unknown) => unknown {
  const path = attribute.split('.');
  return (item) => path.reduce<unknown>((value, key) => nunjucksRuntime.memberLookup(value, /^\d+$/.test(key) ? Number(key) : key), item);
}

function iterate(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  const text = asString(value);
  if (text !== undefined) return [...text];
  if (isPlainObject(value)) return Object.keys(value).filter((k) => k !== '__keywords');
  if (typeof value === 'object' && Symbol.iterator in value) return [...(value as Iterable<unknown>)];
  return [];
}

/** Jinja2's selectattr/rejectattr: `items | selectattr('a')` or `items | selectattr('a', 'equalto', 2)`. */
function attributeTest(env: nunjucks.Environment, context: unknown, items: unknown[], args: unknown[], keep: boolean): unknown[] {
  const [attribute, testName, ...testArgs] = args;
  const get = attributeGetter(String(attribute));
  const getTest = (env as unknown as { getTest(name: string): (...a: unknown[]) => unknown }).getTest.bind(env);
  const test = testName === undefined ? (v: unknown) => truthy(v) : (v: unknown) => getTest(String(testName)).call(context, v, ...testArgs) === true;
  return items.filter((item) => test(get(item)) === keep);
}

export function installFilters(env: nunjucks.Environment): void {
  const filters: Record<string, (...args: unknown[]) => unknown> = {
    tojson: (value, ...args) => {
      const { positional, keywords } = splitArguments(args);
      return pythonJson(value, (keywords.indent ?? positional[0]) as number | undefined, truthy(keywords.sort_keys));
    },
    format: (value, ...args) => {
      const { positional, keywords } = splitArguments(args);
      return percentFormat(String(asString(value) ?? value), Object.keys(keywords).length > 0 ? keywords : positional);
    },
    map: function map(this: { env: nunjucks.Environment }, value, ...args) {
      const { positional, keywords } = splitArguments(args);
      const items = iterate(value);
      if (typeof keywords.attribute === 'string' || typeof keywords.attribute === 'number') {
        const get = attributeGetter(String(keywords.attribute));
        return items.map((item) => {
          const result = get(item);
          return result === undefined && 'default' in keywords ? keywords.default : result;
        });
      }
      const filterName = positional[0];
      if (typeof filterName !== 'string') throw new FloeError('FLOE_JINJA', "map() needs a filter name or attribute='…'");
      const filter = env.getFilter(filterName) as (...a: unknown[]) => unknown;
      return items.map((item) => filter.call(this, item, ...positional.slice(1)));
    },
    unique: (value, ...args) => {
      const { keywords } = splitArguments(args);
      const get = typeof keywords.attribute === 'string' ? attributeGetter(keywords.attribute) : (item: unknown) => item;
      const caseSensitive = truthy(keywords.case_sensitive);
      const seen = new Set<unknown>();
      const result: unknown[] = [];
      for (const item of iterate(value)) {
        let key = get(item);
        const text = asString(key);
        if (text !== undefined) key = caseSensitive ? text : text.toLowerCase();
        if (!seen.has(key)) {
          seen.add(key);
          result.push(item);
        }
      }
      return result;
    },
    min: (value, ...args) => {
      const { keywords } = splitArguments(args);
      const get = typeof keywords.attribute === 'string' ? attributeGetter(keywords.attribute) : (item: unknown) => item;
      const items = iterate(value);
      return items.length === 0 ? undefined : items.reduce((a, b) => ((get(b) as number) < (get(a) as number) ? b : a));
    },
    max: (value, ...args) => {
      const { keywords } = splitArguments(args);
      const get = typeof keywords.attribute === 'string' ? attributeGetter(keywords.attribute) : (item: unknown) => item;
      const items = iterate(value);
      return items.length === 0 ? undefined : items.reduce((a, b) => ((get(b) as number) > (get(a) as number) ? b : a));
    },
    items: (value) => (isPlainObject(value) ? Object.entries(value).filter(([k]) => k !== '__keywords').map(([k, v]) => PyTuple.of(k, v)) : []),
    dictsort: (value, ...args) => {
      const { positional, keywords } = splitArguments(args);
      const caseSensitive = truthy(positional[0] ?? keywords.case_sensitive);
      const byValue = String(positional[1] ?? keywords.by ?? 'key') === 'value';
      const reverse = truthy(positional[2] ?? keywords.reverse);
      const entries = isPlainObject(value) ? Object.entries(value).filter(([k]) => k !== '__keywords') : [];
      const keyOf = (entry: [string, unknown]): unknown => {
        const raw = byValue ? entry[1] : entry[0];
        const text = asString(raw);
        return text !== undefined && !caseSensitive ? text.toLowerCase() : raw;
      };
      entries.sort((a, b) => {
        const x = keyOf(a) as number;
        const y = keyOf(b) as number;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      if (reverse) entries.reverse();
      return entries.map(([k, v]) => PyTuple.of(k, v));
    },
    float: (value, fallback = 0) => {
      const number = Number(asString(value) ?? value);
      return Number.isNaN(number) ? (fallback instanceof PyFloat ? fallback : new PyFloat(Number(fallback))) : new PyFloat(number);
    },
    round: (value, ...args) => {
      const { positional, keywords } = splitArguments(args);
      const precision = Number(positional[0] ?? keywords.precision ?? 0);
      const method = String(positional[1] ?? keywords.method ?? 'common');
      const x = Number(value);
      const factor = 10 ** precision;
      if (method === 'floor') return new PyFloat(Math.floor(x * factor) / factor);
      if (method === 'ceil') return new PyFloat(Math.ceil(x * factor) / factor);
      const scaled = x * factor;
      // Python's round(): an exact half goes to the even neighbour.
      if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
        const down = Math.floor(scaled);
        return new PyFloat((down % 2 === 0 ? down : down + 1) / factor);
      }
      return new PyFloat(precision >= 0 ? Number(x.toFixed(precision)) : Math.round(scaled) / factor);
    },
    length: (value) => {
      if (value === null || value === undefined) return 0;
      const sized = value as { __len__?: () => number; length?: number };
      if (typeof sized.__len__ === 'function') return sized.__len__();
      if (value instanceof Map || value instanceof Set) return value.size;
      if (isPlainObject(value)) return Object.keys(value).filter((k) => k !== '__keywords').length;
      const text = asString(value);
      if (text !== undefined) return text.length;
      return typeof sized.length === 'number' ? sized.length : 0;
    },
    string: (value) => pythonStr(value),
    list: (value) => [...iterate(value)],
    selectattr: function selectattr(this: unknown, value, ...args) {
      return attributeTest(env, this, iterate(value), args, true);
    },
    rejectattr: function rejectattr(this: unknown, value, ...args) {
      return attributeTest(env, this, iterate(value), args, false);
    },
    // dbt's filters for native rendering of YAML values
    as_bool: (value) => {
      const text = asString(value);
      if (text !== undefined) {
        if (/^true$/i.test(text.trim())) return true;
        if (/^false$/i.test(text.trim())) return false;
      }
      return value;
    },
    as_number: (value) => {
      const text = asString(value);
      if (text !== undefined && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
      return value;
    },
    as_text: (value) => pythonStr(value),
    as_native: (value) => {
      const text = asString(value);
      if (text === undefined) return value;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        if (text === 'True') return true;
        if (text === 'False') return false;
        if (text === 'None') return null;
        return text;
      }
    },
  };
  filters.count = filters.length;
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter);
}
