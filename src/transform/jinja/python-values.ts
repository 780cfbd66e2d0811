/**
 * Python value semantics that Jinja2 (and so dbt) shows to template authors:
 * how values print (`None`, `True`, `['a', 'b']`) and which values are falsy
 * (empty lists and dicts are, unlike in JavaScript).
 */
import { nunjucksRuntime } from './nunjucks-internals.js';

const SafeString = nunjucksRuntime.SafeString;

/** A Python tuple: an array that prints as `(a, b)` (from `(a, b)` literals, `dict.items()`, `zip()`). */
export class PyTuple<T = unknown> extends Array<T> {}
// (PyTuple.of / PyTuple.from, inherited from Array, construct PyTuples.)

/** Set on PySet's prototype (python-operators.ts), so printing needs no import of it. */
export const SET_MARK: unique symbol = Symbol('floe.set');

/** A plain dict-like object (YAML mappings, kwargs, `{}` literals), as opposed to our own class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isSafeString(value: unknown): value is { val: string; toString(): string } {
  return value instanceof SafeString;
}

/** Python's `bool(value)`. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0 && !Number.isNaN(value);
    case 'bigint':
      return value !== 0n;
    case 'function':
      return true;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (isSafeString(value)) return value.val.length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (isPlainObject(value)) {
    for (const key in value) if (key !== '__keywords') return true;
    return false;
  }
  const sized = value as { __len__?: () => number; __bool__?: () => boolean };
  if (typeof sized.__bool__ === 'function') return sized.__bool__();
  if (typeof sized.__len__ === 'function') return sized.__len__() > 0;
  return true;
}

/** Python's `str(value)`: what `{{ value }}` and `~` print. Undefined prints nothing, as Jinja's Undefined does. */
export function pythonStr(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) || isPlainObject(value) || value instanceof Map || value instanceof Set) return pythonRepr(value);
  return String(value);
}

/** Python's `repr(value)`: strings quoted, containers recursive. */
export function pythonRepr(value: unknown, seen: Set<unknown> = new Set()): string {
  if (typeof value === 'string') return quotePythonString(value);
  if (isSafeString(value)) return quotePythonString(value.val);
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return pythonStr(value);
  if (seen.has(value)) return Array.isArray(value) ? '[...]' : '{...}';
  seen.add(value);
  try {
    if (value instanceof PyTuple) return value.length === 1 ? `(${pythonRepr(value[0], seen)},)` : `(${value.map((v) => pythonRepr(v, seen)).join(', ')})`;
    if (Array.isArray(value) && (value as { [SET_MARK]?: true })[SET_MARK]) return value.length === 0 ? 'set()' : `{${value.map((v) => pythonRepr(v, seen)).join(', ')}}`;
    if (Array.isArray(value)) return `[${value.map((v) => pythonRepr(v, seen)).join(', ')}]`;
    if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map((v) => pythonRepr(v, seen)).join(', ')}}`;
    if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pythonRepr(k, seen)}: ${pythonRepr(v, seen)}`).join(', ')}}`;
    if (isPlainObject(value)) {
      const entries = Object.entries(value).filter(([k]) => k !== '__keywords');
      return `{${entries.map(([k, v]) => `${quotePythonString(k)}: ${pythonRepr(v, seen)}`).join(', ')}}`;
    }
    return String(value);
  } finally {
    seen.delete(value);
  }
}

function quotePythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/** Strings and SafeStrings both count as Python `str`. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isSafeString(value)) return value.val;
  return undefined;
}

/** Strip nunjucks' keyword-argument marker from a kwargs object. */
export function withoutKeywordMarker(kwargs: Record<string, unknown>): Record<string, unknown> {
  const { __keywords: _marker, ...rest } = kwargs;
  return rest;
}

/**
 * Split a nunjucks call's arguments into positional ones and keyword ones
 * (`f(1, x=2)` arrives as `[1, { x: 2, __keywords: true }]`).
 */
export function splitArguments(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (args.length > 0 && typeof last === 'object' && last !== null && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    return { positional: args.slice(0, -1), keywords: withoutKeywordMarker(last as Record<string, unknown>) };
  }
  return { positional: args, keywords: {} };
}

/** Mark an object as keyword arguments for a macro call (`macro(**kwargs)` from JavaScript). */
export function keywordArguments(values: Record<string, unknown>): Record<string, unknown> {
  return { ...values, __keywords: true };
}
