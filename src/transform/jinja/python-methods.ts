/**
 * Python methods on strings, lists and dicts, as Jinja2 templates call them
 * (`name.upper()`, `cols.append(c)`, `d.items()`). nunjucks resolves
 * `obj.name` to the JavaScript property, so `"a".upper` is undefined there
 * and `"a,b".replace` replaces only the first match. `memberLookup` below is
 * installed in the renderer's runtime and answers these names first.
 */
import { FloeError } from '../../errors/index.js';
import { braceFormat } from './python-format.js';
import { asString, isPlainObject, isSafeString, PyTuple, pythonStr, splitArguments, truthy } from './python-values.js';

type Method<T> = (self: T, ...args: unknown[]) => unknown;

const WHITESPACE = ' \t\n\r\f\v';

function stripChars(text: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? WHITESPACE : String(chars);
  let start = 0;
  let end = text.length;
  if (left) while (start < end && set.includes(text[start])) start++;
  if (right) while (end > start && set.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

function prefixes(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [String(asString(value) ?? value)];
}

function pythonSplit(text: string, separator: unknown, maxSplit: unknown): string[] {
  const limit = maxSplit === undefined || maxSplit === null ? -1 : Number(maxSplit);
  if (separator === undefined || separator === null) {
    const parts: string[] = [];
    let rest = text.replace(/^\s+/, '');
    while (rest.length > 0) {
      if (limit >= 0 && parts.length === limit) {
        parts.push(rest.replace(/\s+$/, ''));
        return parts;
      }
      const match = /\s+/.exec(rest);
      if (!match) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, match.index));
      rest = rest.slice(match.index + match[0].length);
    }
    return parts;
  }
  const sep = String(separator);
  if (sep === '') throw new FloeError('FLOE_JINJA', 'split(): empty separator');
  const all = text.split(sep);
  if (limit < 0 || all.length <= limit + 1) return all;
  return [...all.slice(0, limit), all.slice(limit).join(sep)];
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

export const STRING_METHODS: Record<string, Method<string>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => stripChars(s, chars, true, true),
  lstrip: (s, chars) => stripChars(s, chars, true, false),
  rstrip: (s, chars) => stripChars(s, chars, false, true),
  startswith: (s, prefix) => prefixes(prefix).some((p) => s.startsWith(p)),
  endswith: (s, suffix) => prefixes(suffix).some((p) => s.endsWith(p)),
  title: (s) => titleCase(s),
  capitalize: (s) => (s.length === 0 ? s : s[0].toUpperCase() + s.slice(1).toLowerCase()),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  split: (s, ...args) => {
    const { positional, keywords } = splitArguments(args);
    return pythonSplit(s, positional[0] ?? keywords.sep, positional[1] ?? keywords.maxsplit);
  },
  rsplit: (s, sep, maxSplit) => {
    const limit = maxSplit === undefined || maxSplit === null ? -1 : Number(maxSplit);
    if (limit < 0) return pythonSplit(s, sep, undefined);
    const reversed = pythonSplit([...s].reverse().join(''), sep === undefined || sep === null ? sep : [...String(sep)].reverse().join(''), limit);
    return reversed.map((part) => [...part].reverse().join('')).reverse();
  },
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((line, i, all) => !(i === all.length - 1 && line === '')),
  join: (s, items) => toList(items).map((item) => pythonStr(item)).join(s),
  replace: (s, old, replacement, count) => {
    const from = String(asString(old) ?? old);
    const to = String(asString(replacement) ?? replacement);
    if (count === undefined || count === null || Number(count) < 0) return s.split(from).join(to);
    const parts = s.split(from);
    const n = Number(count);
    return parts.slice(0, n + 1).join(to) + (parts.length > n + 1 ? from + parts.slice(n + 1).join(from) : '');
  },
  format: (s, ...args) => {
    const { positional, keywords } = splitArguments(args);
    return braceFormat(s, positional, keywords);
  },
  count: (s, sub) => {
    const needle = String(sub);
    if (needle === '') return s.length + 1;
    return s.split(needle).length - 1;
  },
  find: (s, sub, start) => s.indexOf(String(sub), start === undefined ? 0 : Number(start)),
  rfind: (s, sub) => s.lastIndexOf(String(sub)),
  index: (s, sub) => {
    const at = s.indexOf(String(sub));
    if (at < 0) throw new FloeError('FLOE_JINJA', `substring '${String(sub)}' not found`);
    return at;
  },
  isdigit: (s) => /^[0-9]+$/.test(s),
  isnumeric: (s) => /^[0-9]+$/.test(s),
  isdecimal: (s) => /^[0-9]+$/.test(s),
  isalpha: (s) => /^[a-zA-Z]+$/.test(s),
  isalnum: (s) => /^[a-zA-Z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  isidentifier: (s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s),
  zfill: (s, width) => (s.startsWith('-') ? '-' + s.slice(1).padStart(Number(width) - 1, '0') : s.padStart(Number(width), '0')),
  ljust: (s, width, fill) => s.padEnd(Number(width), fill === undefined ? ' ' : String(fill)),
  rjust: (s, width, fill) => s.padStart(Number(width), fill === undefined ? ' ' : String(fill)),
  center: (s, width, fill) => {
    const missing = Math.max(0, Number(width) - s.length);
    const f = fill === undefined ? ' ' : String(fill);
    const left = Math.floor(missing / 2) + (missing % 2 === 1 && s.length % 2 === 1 ? 1 : 0);
    return f.repeat(left) + s + f.repeat(missing - left);
  },
  partition: (s, sep) => {
    const at = s.indexOf(String(sep));
    return at < 0 ? [s, '', ''] : [s.slice(0, at), String(sep), s.slice(at + String(sep).length)];
  },
  rpartition: (s, sep) => {
    const at = s.lastIndexOf(String(sep));
    return at < 0 ? ['', '', s] : [s.slice(0, at), String(sep), s.slice(at + String(sep).length)];
  },
  removeprefix: (s, prefix) => (s.startsWith(String(prefix)) ? s.slice(String(prefix).length) : s),
  removesuffix: (s, suffix) => (String(suffix) !== '' && s.endsWith(String(suffix)) ? s.slice(0, -String(suffix).length) : s),
  casefold: (s) => s.toLowerCase(),
  encode: (s) => s,
};

function toList(items: unknown): unknown[] {
  if (Array.isArray(items)) return items;
  if (typeof items === 'string') return [...items];
  if (items instanceof Set || items instanceof Map) return [...items.keys()];
  if (isPlainObject(items)) return Object.keys(items);
  if (items !== null && typeof items === 'object' && Symbol.iterator in items) return [...(items as Iterable<unknown>)];
  return [];
}

function pythonEquals(a: unknown, b: unknown): boolean {
  return a === b || (isSafeString(a) || isSafeString(b) ? String(a) === String(b) : false);
}

export const LIST_METHODS: Record<string, Method<unknown[]>> = {
  append: (list, item) => {
    list.push(item);
    return null;
  },
  extend: (list, items) => {
    list.push(...toList(items));
    return null;
  },
  insert: (list, index, item) => {
    list.splice(Number(index), 0, item);
    return null;
  },
  pop: (list, index) => {
    if (list.length === 0) throw new FloeError('FLOE_JINJA', 'pop from empty list');
    if (index === undefined) return list.pop();
    const at = Number(index) < 0 ? list.length + Number(index) : Number(index);
    if (at < 0 || at >= list.length) throw new FloeError('FLOE_JINJA', 'pop index out of range');
    return list.splice(at, 1)[0];
  },
  remove: (list, item) => {
    const at = list.findIndex((v) => pythonEquals(v, item));
    if (at < 0) throw new FloeError('FLOE_JINJA', `list.remove(x): ${pythonStr(item)} not in list`);
    list.splice(at, 1);
    return null;
  },
  index: (list, item) => {
    const at = list.findIndex((v) => pythonEquals(v, item));
    if (at < 0) throw new FloeError('FLOE_JINJA', `${pythonStr(item)} is not in list`);
    return at;
  },
  count: (list, item) => list.filter((v) => pythonEquals(v, item)).length,
  reverse: (list) => {
    list.reverse();
    return null;
  },
  sort: (list, ...args) => {
    const { keywords } = splitArguments(args);
    list.sort((a, b) => (a === b ? 0 : (a as number) < (b as number) ? -1 : 1));
    if (truthy(keywords.reverse)) list.reverse();
    return null;
  },
  clear: (list) => {
    list.length = 0;
    return null;
  },
  copy: (list) => [...list],
};

export const DICT_METHODS: Record<string, Method<Record<string, unknown>>> = {
  items: (dict) => Object.entries(dict).filter(([k]) => k !== '__keywords').map(([k, v]) => PyTuple.of(k, v)),
  keys: (dict) => Object.keys(dict).filter((k) => k !== '__keywords'),
  values: (dict) => Object.entries(dict).filter(([k]) => k !== '__keywords').map(([, v]) => v),
  get: (dict, key, fallback) => (Object.prototype.hasOwnProperty.call(dict, String(key)) ? dict[String(key)] : fallback === undefined ? null : fallback),
  update: (dict, ...args) => {
    const { positional, keywords } = splitArguments(args);
    for (const other of positional) {
      if (isPlainObject(other)) Object.assign(dict, other);
      else if (Array.isArray(other)) for (const pair of other) dict[String((pair as unknown[])[0])] = (pair as unknown[])[1];
    }
    Object.assign(dict, keywords);
    return null;
  },
  pop: (dict, key, ...fallback) => {
    const name = String(key);
    if (Object.prototype.hasOwnProperty.call(dict, name)) {
      const value = dict[name];
      delete dict[name];
      return value;
    }
    if (fallback.length > 0) return fallback[0];
    throw new FloeError('FLOE_JINJA', `KeyError: '${name}'`);
  },
  setdefault: (dict, key, fallback) => {
    const name = String(key);
    if (!Object.prototype.hasOwnProperty.call(dict, name)) dict[name] = fallback === undefined ? null : fallback;
    return dict[name];
  },
  copy: (dict) => ({ ...dict }),
  clear: (dict) => {
    for (const key of Object.keys(dict)) delete dict[key];
    return null;
  },
  has_key: (dict, key) => Object.prototype.hasOwnProperty.call(dict, String(key)),
};

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `obj.key` as Jinja2 resolves it: Python methods of str/list/dict first (for
 * plain dicts Jinja's getattr finds methods before keys), then the property.
 * Returns `NOT_HANDLED` for anything else so the caller falls back to nunjucks.
 */
export const NOT_HANDLED: unique symbol = Symbol('not handled');

export function pythonMemberLookup(obj: unknown, key: unknown): unknown {
  if (typeof key !== 'string') return NOT_HANDLED;
  const text = asString(obj);
  if (text !== undefined) {
    if (hasOwn.call(STRING_METHODS, key)) {
      const method = STRING_METHODS[key];
      return (...args: unknown[]) => method(text, ...args);
    }
    return NOT_HANDLED;
  }
  if (Array.isArray(obj)) {
    if (hasOwn.call(obj, key)) return NOT_HANDLED;
    if (hasOwn.call(LIST_METHODS, key)) {
      const method = LIST_METHODS[key];
      return (...args: unknown[]) => method(obj, ...args);
    }
    return NOT_HANDLED;
  }
  if (isPlainObject(obj) && hasOwn.call(DICT_METHODS, key)) {
    const method = DICT_METHODS[key];
    return (...args: unknown[]) => method(obj, ...args);
  }
  return NOT_HANDLED;
}
