/**
 * What compiled templates call at run time. `runtime` is nunjucks' runtime
 * with Python member lookup and Python printing; `floe` (one per compiled
 * template, so it knows its file) carries the helpers our compiler emits.
 */
import { didYouMean, FloeError, type SourcePosition } from '../../errors/index.js';
import { nunjucksRuntime, type NunjucksRuntime } from './nunjucks-internals.js';
import { percentFormat } from './python-format.js';
import { NOT_HANDLED, pythonMemberLookup } from './python-methods.js';
import { asString, isPlainObject, PyTuple, pythonStr, truthy } from './python-values.js';
import {
  PyFloat,
  pythonAdd,
  pythonCompareChain,
  pythonContains,
  pythonDiv,
  pythonFloorDiv,
  pythonModNumbers,
  pythonMulNumbers,
  pythonNeg,
  pythonPow,
  pythonSub,
} from './python-operators.js';
import { BUILTIN_FILE_PREFIX } from './builtin-macros.js';
import { JINJA_ERROR, ReturnSignal, toFloeError } from './template-errors.js';

/** Shared by all templates of one renderer: where the innermost running call is. */
export interface CallSiteTracker {
  callSite: SourcePosition | undefined;
  /** Names offered in "did you mean" hints when something undefined is called. */
  knownNames(): Iterable<string>;
}

/** Marks functions made from `{% macro %}` (so a macro file's exports can be told from other values). */
export const MACRO_MARK: unique symbol = Symbol('floe.macro');

export type MacroFunction = ((...args: unknown[]) => unknown) & { [MACRO_MARK]?: true };

function pythonIndex(obj: unknown, key: unknown): unknown {
  if (typeof key === 'number' && key < 0) {
    const text = asString(obj);
    if (text !== undefined) return text[text.length + key];
    if (Array.isArray(obj)) return obj[obj.length + key];
  }
  return NOT_HANDLED;
}

export const templateRuntime: NunjucksRuntime = Object.create(nunjucksRuntime, {
  memberLookup: {
    value: function memberLookup(obj: unknown, key: unknown, ...slice: unknown[]): unknown {
      // installJinjaCompat turns undefined into {} and serves dict methods (`values`, `items`) on it;
      // in Jinja2 an undefined value has no attributes, so calling one must fail (floe.call raises).
      if (obj === undefined || obj === null) return undefined;
      if (slice.length === 0) {
        const method = pythonMemberLookup(obj, key);
        if (method !== NOT_HANDLED) return method;
        const indexed = pythonIndex(obj, key);
        if (indexed !== NOT_HANDLED) return indexed;
        // Our own objects (relations, agate tables, columns) answer for themselves:
        // installJinjaCompat would otherwise serve dict methods such as `values`.
        // (Functions too: modules.datetime.datetime is callable and has class methods, which
        // nunjucks' lookup would lose by wrapping it; our namespaces' functions need no `this`.)
        if (isPlainObject(obj) && typeof key === 'string' && Object.prototype.hasOwnProperty.call(obj, key) && typeof obj[key] === 'function') return obj[key];
        if ((typeof obj === 'function' || (typeof obj === 'object' && !Array.isArray(obj) && !isPlainObject(obj))) && typeof key === 'string' && key in obj) {
          const value = (obj as Record<string, unknown>)[key];
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
        }
      }
      const text = asString(obj);
      // installJinjaCompat's slices work on arrays; a sliced string stays a string.
      if (slice.length > 0 && text !== undefined) return (nunjucksRuntime.memberLookup([...text], key, ...slice) as string[]).join('');
      // nunjucks' lookup (with installJinjaCompat's slices), read at call time.
      return nunjucksRuntime.memberLookup(text ?? obj, key, ...slice);
    },
  },
  // `{% for k in some_dict %}` iterates the keys, as in Python.
  fromIterator: {
    value: function fromIterator(value: unknown): unknown {
      if (isPlainObject(value)) return Object.keys(value).filter((k) => k !== '__keywords');
      return (nunjucksRuntime.fromIterator as (v: unknown) => unknown)(value);
    },
  },
  suppressValue: {
    value: function suppressValue(value: unknown): string {
      return pythonStr(value);
    },
  },
}) as NunjucksRuntime;

export interface TemplateHelpers {
  /** Scratch slot for `and`/`or`. */
  t: unknown;
  truthy(value: unknown): boolean;
  str(value: unknown): string;
  mod(left: unknown, right: unknown): unknown;
  mul(left: unknown, right: unknown): unknown;
  tuple(...items: unknown[]): unknown[];
  /** Python's operators (python-operators.ts). */
  add(left: unknown, right: unknown): unknown;
  sub(left: unknown, right: unknown): unknown;
  div(left: unknown, right: unknown): unknown;
  floorDiv(left: unknown, right: unknown): unknown;
  pow(left: unknown, right: unknown): unknown;
  neg(value: unknown): unknown;
  contains(item: unknown, container: unknown): boolean;
  /** `a op b op c …`: `rest` alternates operators and operands. */
  compare(first: unknown, rest: unknown[]): boolean;
  /** A float literal (`3.0`). */
  float(value: number): PyFloat;
  /** A dict literal with expression keys, from [key, value] pairs. */
  dict(pairs: Array<[unknown, unknown]>): Record<string, unknown>;
  /** Keyword arguments with `**mapping`s merged in (later ones win). */
  keywords(named: Record<string, unknown>, ...spreads: unknown[]): Record<string, unknown>;
  /** `*iterable` at a call site. */
  iterate(value: unknown): unknown[];
  call(line: number, column: number, fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  filter(env: { getFilter(name: string): unknown }, line: number, column: number, name: string, context: unknown, args: unknown[]): unknown;
  makeMacro(argNames: string[], kwargNames: string[], body: (...args: unknown[]) => unknown): MacroFunction;
  rootError(error: unknown, lineno: number, colno: number): FloeError;
  /** `varargs` in a macro: positional arguments beyond its parameters. */
  extraPositional(kwargs: Record<string | symbol, unknown>): unknown[];
  /** `kwargs` in a macro: keyword arguments that are not its parameters. */
  extraKeywords(kwargs: Record<string, unknown>, declared: string[]): Record<string, unknown>;
}

const EXTRA_POSITIONAL: unique symbol = Symbol('floe.varargs');

const isBuiltinFile = (file: string): boolean => file.startsWith(BUILTIN_FILE_PREFIX);

export function createTemplateHelpers(file: string, tracker: CallSiteTracker): TemplateHelpers {
  return {
    t: undefined,
    truthy,
    str: pythonStr,
    mod(left, right) {
      const text = asString(left);
      if (text !== undefined) return percentFormat(text, right);
      return pythonModNumbers(left, right); // Python's modulo takes the divisor's sign
    },
    tuple: (...items) => PyTuple.of(...items),
    mul(left, right) {
      const text = asString(left);
      if (text !== undefined && typeof right === 'number') return text.repeat(Math.max(0, right));
      if (Array.isArray(left) && typeof right === 'number') return Array.from({ length: Math.max(0, right) }, () => left).flat();
      const scaled = (left as { __mul__?: (other: unknown) => unknown } | null)?.__mul__?.(right);
      if (scaled !== undefined && typeof scaled !== 'symbol') return scaled;
      return pythonMulNumbers(left, right);
    },
    add: pythonAdd,
    sub: pythonSub,
    div: pythonDiv,
    floorDiv: pythonFloorDiv,
    pow: pythonPow,
    neg: pythonNeg,
    contains: pythonContains,
    compare: pythonCompareChain,
    float: (value) => new PyFloat(value),
    dict(pairs) {
      const result: Record<string, unknown> = {};
      for (const [key, value] of pairs) {
        const name = pythonStr(key);
        // A key named __proto__ must stay a key, not become the prototype.
        if (name === '__proto__') Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
        else result[name] = value;
      }
      return result;
    },
    keywords(named, ...spreads) {
      const merged: Record<string, unknown> = { ...named };
      for (const spread of spreads) {
        if (spread === null || spread === undefined) continue;
        if (!isPlainObject(spread)) throw new FloeError(JINJA_ERROR, `argument after ** must be a mapping, not ${pythonStr(spread)}`);
        for (const [key, value] of Object.entries(spread)) if (key !== '__keywords') merged[key] = value;
      }
      return merged;
    },
    iterate(value) {
      if (value === null || value === undefined) throw new FloeError(JINJA_ERROR, 'argument after * must be an iterable, not None');
      if (Array.isArray(value)) return value;
      const text = asString(value);
      if (text !== undefined) return [...text];
      if (isPlainObject(value)) return Object.keys(value).filter((k) => k !== '__keywords');
      if (typeof value === 'object' && Symbol.iterator in value) return [...(value as Iterable<unknown>)];
      throw new FloeError(JINJA_ERROR, `argument after * must be an iterable, not ${pythonStr(value)}`);
    },
    call(line, column, fn, name, context, args) {
      const site: SourcePosition = { file, line: line + 1, column: column + 1 };
      if (typeof fn !== 'function') {
        const member = /^(.+)(?:\.(\w+)|\[[^\]]*\])$/.exec(name);
        const hint =
          fn !== undefined && fn !== null
            ? undefined
            : member
              ? `${member[1]} has no ${member[2] ? `method '${member[2]}'` : 'such item'} (it may itself be undefined); check the value, or guard the call with {% if execute %} when it comes from run_query`
              : didYouMean(name, tracker.knownNames());
        throw new FloeError(JINJA_ERROR, fn === undefined || fn === null ? `'${name}' is undefined` : `'${name}' is not callable`, {
          position: site,
          ...(hint ? { hint } : {}),
        });
      }
      const outer = tracker.callSite;
      tracker.callSite = site;
      try {
        return (fn as (...a: unknown[]) => unknown).apply(context, args);
      } catch (error) {
        if (error instanceof ReturnSignal) throw error;
        const floeError = toFloeError(error, site);
        // Inside builtin macros (run_query → statement) the user's own call is the useful place.
        if (!isBuiltinFile(file) && floeError.position && isBuiltinFile(floeError.position.file)) {
          throw new FloeError(floeError.code, floeError.message, { position: site, hint: floeError.hint, detail: floeError.detail, cause: floeError.cause });
        }
        throw floeError;
      } finally {
        tracker.callSite = outer;
      }
    },
    filter(env, line, column, name, context, args) {
      const site: SourcePosition = { file, line: line + 1, column: column + 1 };
      let filter: unknown;
      try {
        filter = env.getFilter(name);
      } catch {
        throw new FloeError(JINJA_ERROR, `no filter named '${name}'`, { position: site });
      }
      try {
        return (filter as (...a: unknown[]) => unknown).apply(context, args);
      } catch (error) {
        if (error instanceof ReturnSignal) throw error;
        throw toFloeError(error, site);
      }
    },
    extraPositional(kwargs) {
      return PyTuple.from((kwargs[EXTRA_POSITIONAL] as unknown[] | undefined) ?? []);
    },
    extraKeywords(kwargs, declared) {
      const extra: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(kwargs)) if (key !== '__keywords' && key !== 'caller' && !declared.includes(key)) extra[key] = value;
      return extra;
    },
    makeMacro(argNames, kwargNames, body) {
      const inner = nunjucksRuntime.makeMacro(argNames, kwargNames, body);
      const capacity = argNames.length + kwargNames.length;
      const macro: MacroFunction = function macro(this: unknown, ...args: unknown[]): unknown {
        // nunjucks drops positional arguments beyond the parameters; keep them for `varargs`.
        const last = args[args.length - 1];
        const hasKeywords = typeof last === 'object' && last !== null && Object.prototype.hasOwnProperty.call(last, '__keywords');
        // nunjucks deletes the keywords it binds from the object; a caller's object (a replayed render's) must survive.
        if (hasKeywords) args = [...args.slice(0, -1), { ...(last as Record<string | symbol, unknown>) }];
        const positional = hasKeywords ? args.length - 1 : args.length;
        if (positional > capacity) {
          const keywords: Record<string | symbol, unknown> = hasKeywords ? (args[args.length - 1] as Record<string | symbol, unknown>) : { __keywords: true };
          keywords[EXTRA_POSITIONAL] = args.slice(capacity, positional);
          args = [...args.slice(0, positional), keywords];
        }
        try {
          return inner.apply(this, args);
        } catch (error) {
          if (error instanceof ReturnSignal) return error.value;
          throw error;
        }
      };
      macro[MACRO_MARK] = true;
      return macro;
    },
    rootError(error, lineno, colno) {
      return toFloeError(error, { file, line: lineno + 1, column: colno + 1 });
    },
  };
}
