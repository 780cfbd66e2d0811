/**
 * dbt's `modules` global: `modules.datetime` and `modules.pytz` (see
 * python-datetime.ts), `modules.re` (Python regular expressions, translated
 * to JavaScript's: named groups, inline flags, `\Z`, replacement templates)
 * and `modules.itertools`.
 */
import { FloeError } from '../../errors/index.js';
import { datetimeModule, pytzModule } from './python-datetime.js';
import { asString, isPlainObject, PyTuple, splitArguments } from './python-values.js';

export { PyDateTime } from './python-datetime.js';

const FLAGS = { I: 2, IGNORECASE: 2, L: 4, LOCALE: 4, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, U: 32, UNICODE: 32, X: 64, VERBOSE: 64, A: 256, ASCII: 256 };

function reError(message: string): FloeError {
  return new FloeError('FLOE_JINJA', `re.error: ${message}`);
}

/** A Python pattern as a JavaScript RegExp (flags: Python's bit flags plus extra JS flags such as 'g'). */
function toRegExp(pattern: unknown, pythonFlags: unknown = 0, extra = ''): RegExp {
  if (pattern instanceof PyPattern) return toRegExp(pattern.pattern, pattern.flags | Number(pythonFlags ?? 0), extra);
  let source = String(asString(pattern) ?? pattern);
  let bits = Number(pythonFlags ?? 0) || 0;
  // Leading inline flags: (?i), (?ms), …
  source = source.replace(/^(?:\(\?[aiLmsux]+\))+/, (groups: string) => {
    const letters = groups.replace(/[(?)]/g, '');
    for (const letter of letters) bits |= ({ i: 2, L: 4, m: 8, s: 16, u: 32, x: 64, a: 256 } as Record<string, number>)[letter] ?? 0;
    return '';
  });
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\Z/g, '$(?![\\s\\S])')
    .replace(/\\A/g, '^(?<![\\s\\S])');
  if (bits & FLAGS.X) source = source.split('\\#').map((part) => part.replace(/#[^\n]*/g, '').replace(/\s+/g, '')).join('\\#');
  let flags = extra;
  if (bits & FLAGS.I) flags += 'i';
  if (bits & FLAGS.M) flags += 'm';
  if (bits & FLAGS.S) flags += 's';
  flags += 'u';
  try {
    return new RegExp(source, [...new Set(flags)].join(''));
  } catch {
    try {
      return new RegExp(source, [...new Set(flags.replace('u', ''))].join(''));
    } catch (error) {
      throw reError(`${error instanceof Error ? error.message : String(error)} in pattern ${JSON.stringify(String(pattern))}`);
    }
  }
}

/** Python's match object. */
export class PyMatch {
  constructor(
    private readonly found: RegExpExecArray,
    readonly string: string,
  ) {}

  private index(group: unknown): string | undefined {
    if (typeof group === 'string' && !/^\d+$/.test(group)) return this.found.groups?.[group];
    return this.found[Number(group ?? 0)];
  }

  group(...groups: unknown[]): unknown {
    if (groups.length <= 1) return this.index(groups[0] ?? 0) ?? null;
    return PyTuple.from(groups.map((g) => this.index(g) ?? null));
  }
  groups(fallback: unknown = null): unknown[] {
    return PyTuple.from(this.found.slice(1).map((g) => g ?? fallback));
  }
  groupdict(fallback: unknown = null): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.found.groups ?? {}).map(([k, v]) => [k, v ?? fallback]));
  }
  start(group: unknown = 0): number {
    const text = this.index(group);
    if (text === undefined) return -1;
    return group === 0 || group === undefined ? this.found.index : this.string.indexOf(text, this.found.index);
  }
  end(group: unknown = 0): number {
    const start = this.start(group);
    return start < 0 ? -1 : start + (this.index(group) ?? '').length;
  }
  span(group: unknown = 0): number[] {
    return PyTuple.of(this.start(group), this.end(group));
  }
  __bool__(): boolean {
    return true;
  }
  toString(): string {
    return `<re.Match object; span=(${this.found.index}, ${this.found.index + this.found[0].length}), match='${this.found[0]}'>`;
  }
}

function expandTemplate(template: string, match: RegExpExecArray): string {
  return template.replace(/\\(?:g<(\w+)>|(\d{1,2})|([ntr\\]))/g, (_m, named: string | undefined, digits: string | undefined, escape: string | undefined) => {
    if (escape) return ({ n: '\n', t: '\t', r: '\r', '\\': '\\' } as Record<string, string>)[escape];
    const key = named ?? digits ?? '0';
    const value = /^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key];
    return value ?? '';
  });
}

function substitute(pattern: unknown, replacement: unknown, text: unknown, count: number, flags: unknown): [string, number] {
  const input = String(asString(text) ?? text);
  const regex = toRegExp(pattern, flags, 'g');
  let done = 0;
  const result = input.replace(regex, (...args: unknown[]) => {
    const groupsArg = args[args.length - 1];
    const hasGroups = typeof groupsArg === 'object' && groupsArg !== null;
    const offset = args[args.length - (hasGroups ? 3 : 2)] as number;
    const captured = args.slice(0, args.length - (hasGroups ? 3 : 2)) as string[];
    if (count > 0 && done >= count) return captured[0];
    done++;
    const match = Object.assign([...captured], { index: offset, input, groups: hasGroups ? (groupsArg as Record<string, string>) : undefined }) as unknown as RegExpExecArray;
    if (typeof replacement === 'function') return String((replacement as (m: PyMatch) => unknown)(new PyMatch(match, input)));
    return expandTemplate(String(asString(replacement) ?? replacement), match);
  });
  return [result, done];
}

function keyword(args: unknown[], index: number, name: string, fallback: unknown): unknown {
  const { positional, keywords } = splitArguments(args);
  return positional[index] ?? keywords[name] ?? fallback;
}

const search = (pattern: unknown, text: unknown, flags?: unknown): PyMatch | null => {
  const input = String(asString(text) ?? text);
  const found = toRegExp(pattern, flags).exec(input);
  return found ? new PyMatch(found, input) : null;
};
const match = (pattern: unknown, text: unknown, flags?: unknown): PyMatch | null => {
  const input = String(asString(text) ?? text);
  const found = toRegExp(pattern, flags, 'y').exec(input);
  return found ? new PyMatch(found, input) : null;
};
const fullmatch = (pattern: unknown, text: unknown, flags?: unknown): PyMatch | null => {
  const source = pattern instanceof PyPattern ? pattern.pattern : String(asString(pattern) ?? pattern);
  const input = String(asString(text) ?? text);
  const found = toRegExp(`(?:${source})$`, flags ?? (pattern instanceof PyPattern ? pattern.flags : 0), 'y').exec(input);
  return found ? new PyMatch(found, input) : null;
};
const findall = (pattern: unknown, text: unknown, flags?: unknown): unknown[] => {
  const input = String(asString(text) ?? text);
  return [...input.matchAll(toRegExp(pattern, flags, 'g'))].map((m) => (m.length > 2 ? PyTuple.from(m.slice(1).map((g) => g ?? '')) : m.length === 2 ? (m[1] ?? '') : m[0]));
};
const split = (pattern: unknown, text: unknown, ...rest: unknown[]): string[] => {
  const input = String(asString(text) ?? text);
  const maxsplit = Number(keyword(rest, 0, 'maxsplit', 0));
  const regex = toRegExp(pattern, keyword(rest, 1, 'flags', 0), 'g');
  const parts: string[] = [];
  let last = 0;
  let splits = 0;
  for (const found of input.matchAll(regex)) {
    if (maxsplit > 0 && splits >= maxsplit) break;
    if (found[0] === '' && found.index === last && found.index !== 0 && found.index === input.length) continue;
    parts.push(input.slice(last, found.index), ...found.slice(1).map((g) => g ?? ''));
    last = found.index + found[0].length;
    splits++;
  }
  parts.push(input.slice(last));
  return parts;
};

/** `re.compile(pattern, flags)`: the same functions as methods. */
export class PyPattern {
  constructor(
    readonly pattern: string,
    readonly flags: number,
  ) {}
  search(text: unknown): PyMatch | null {
    return search(this, text);
  }
  match(text: unknown): PyMatch | null {
    return match(this, text);
  }
  fullmatch(text: unknown): PyMatch | null {
    return fullmatch(this, text);
  }
  findall(text: unknown): unknown[] {
    return findall(this, text);
  }
  finditer(text: unknown): PyMatch[] {
    const input = String(asString(text) ?? text);
    return [...input.matchAll(toRegExp(this, 0, 'g'))].map((m) => new PyMatch(m, input));
  }
  split(text: unknown, ...rest: unknown[]): string[] {
    return split(this, text, ...rest);
  }
  sub(replacement: unknown, text: unknown, ...rest: unknown[]): string {
    return substitute(this, replacement, text, Number(keyword(rest, 0, 'count', 0)), 0)[0];
  }
  toString(): string {
    return `re.compile('${this.pattern}')`;
  }
}

function reModule(): Record<string, unknown> {
  return {
    ...FLAGS,
    compile: (pattern: unknown, flags: unknown = 0) => new PyPattern(String(asString(pattern) ?? pattern), Number(flags) || 0),
    search: (pattern: unknown, text: unknown, ...rest: unknown[]) => search(pattern, text, keyword(rest, 0, 'flags', 0)),
    match: (pattern: unknown, text: unknown, ...rest: unknown[]) => match(pattern, text, keyword(rest, 0, 'flags', 0)),
    fullmatch: (pattern: unknown, text: unknown, ...rest: unknown[]) => fullmatch(pattern, text, keyword(rest, 0, 'flags', 0)),
    findall: (pattern: unknown, text: unknown, ...rest: unknown[]) => findall(pattern, text, keyword(rest, 0, 'flags', 0)),
    finditer: (pattern: unknown, text: unknown, ...rest: unknown[]) => new PyPattern(String(pattern), Number(keyword(rest, 0, 'flags', 0)) || 0).finditer(text),
    split,
    sub: (pattern: unknown, replacement: unknown, text: unknown, ...rest: unknown[]) =>
      substitute(pattern, replacement, text, Number(keyword(rest, 0, 'count', 0)), keyword(rest, 1, 'flags', 0))[0],
    subn: (pattern: unknown, replacement: unknown, text: unknown, ...rest: unknown[]) =>
      PyTuple.from(substitute(pattern, replacement, text, Number(keyword(rest, 0, 'count', 0)), keyword(rest, 1, 'flags', 0))),
    escape: (text: unknown) => String(asString(text) ?? text).replace(/[^A-Za-z0-9_]/g, (c) => (c === '\n' ? '\\\n' : `\\${c}`)),
  };
}

function iterate(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  const text = asString(value);
  if (text !== undefined) return [...text];
  if (isPlainObject(value)) return Object.keys(value).filter((k) => k !== '__keywords');
  if (typeof value === 'object' && Symbol.iterator in value) return [...(value as Iterable<unknown>)];
  throw new FloeError('FLOE_JINJA', `TypeError: '${typeof value}' object is not iterable`);
}

function combinations(pool: unknown[], r: number): unknown[][] {
  if (r === 0) return [PyTuple.of()];
  const result: unknown[][] = [];
  pool.forEach((item, i) => {
    for (const rest of combinations(pool.slice(i + 1), r - 1)) result.push(PyTuple.of(item, ...rest));
  });
  return result;
}

function permutations(pool: unknown[], r: number): unknown[][] {
  if (r === 0) return [PyTuple.of()];
  const result: unknown[][] = [];
  pool.forEach((item, i) => {
    for (const rest of permutations([...pool.slice(0, i), ...pool.slice(i + 1)], r - 1)) result.push(PyTuple.of(item, ...rest));
  });
  return result;
}

/** `modules.itertools`: the finite helpers (infinite ones like count() make no sense in a template). */
function itertoolsModule(): Record<string, unknown> {
  return {
    chain: Object.assign((...iterables: unknown[]) => iterables.flatMap(iterate), { from_iterable: (iterables: unknown) => iterate(iterables).flatMap(iterate) }),
    product: (...args: unknown[]) => {
      const { positional, keywords } = splitArguments(args);
      const pools = positional.map(iterate);
      const repeated = Array.from({ length: Number(keywords.repeat ?? 1) }, () => pools).flat();
      return repeated.reduce<unknown[][]>((acc, pool) => acc.flatMap((prefix) => pool.map((item) => PyTuple.of(...prefix, item))), [PyTuple.of()]);
    },
    combinations: (items: unknown, r: unknown) => combinations(iterate(items), Number(r)),
    combinations_with_replacement: (items: unknown, r: unknown) => {
      const pool = iterate(items);
      const build = (start: number, left: number): unknown[][] =>
        left === 0 ? [PyTuple.of()] : pool.slice(start).flatMap((item, i) => build(start + i, left - 1).map((rest) => PyTuple.of(item, ...rest)));
      return build(0, Number(r));
    },
    permutations: (items: unknown, r?: unknown) => {
      const pool = iterate(items);
      return permutations(pool, r === undefined || r === null ? pool.length : Number(r));
    },
    islice: (items: unknown, ...bounds: unknown[]) => {
      const list = iterate(items);
      const [start, stop, step] = bounds.length === 1 ? [0, bounds[0], 1] : [bounds[0] ?? 0, bounds[1], bounds[2] ?? 1];
      const end = stop === null || stop === undefined ? list.length : Number(stop);
      const result: unknown[] = [];
      for (let i = Number(start); i < Math.min(end, list.length); i += Number(step)) result.push(list[i]);
      return result;
    },
    zip_longest: (...args: unknown[]) => {
      const { positional, keywords } = splitArguments(args);
      const lists = positional.map(iterate);
      const length = Math.max(0, ...lists.map((l) => l.length));
      const fill = keywords.fillvalue ?? null;
      return Array.from({ length }, (_, i) => PyTuple.from(lists.map((l) => (i < l.length ? l[i] : fill))));
    },
    accumulate: (items: unknown) => {
      let total: unknown;
      return iterate(items).map((item, i) => (total = i === 0 ? item : (total as number) + (item as number)));
    },
    groupby: (items: unknown, key?: unknown) => {
      const keyOf = typeof key === 'function' ? (key as (v: unknown) => unknown) : (v: unknown) => v;
      const groups: unknown[][] = [];
      for (const item of iterate(items)) {
        const k = keyOf(item);
        const last = groups[groups.length - 1];
        if (last && last[0] === k) (last[1] as unknown[]).push(item);
        else groups.push(PyTuple.of(k, [item]));
      }
      return groups;
    },
    repeat: (item: unknown, times: unknown) => Array.from({ length: Number(times) }, () => item),
  };
}

export function createModules(): Record<string, unknown> {
  return { datetime: datetimeModule(), pytz: pytzModule(), re: reModule(), itertools: itertoolsModule() };
}
