/**
 * Python's operators as Jinja2 evaluates them, for the code the template
 * compiler emits (`floe.eq`, `floe.add`, …): equality and ordering of lists,
 * tuples, dicts and sets; `in` on each container; `+` on lists; true
 * division; and floats that print as Python prints them (`3.0`, `1e-05`).
 * JavaScript's own operators would compare lists by identity and print
 * `3.0` as `3`.
 */
import { FloeError } from '../../errors/index.js';
import { asString, isPlainObject, isSafeString, PyTuple, SET_MARK } from './python-values.js';

/** A Python float (JavaScript numbers do not remember whether they were written `3.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return pythonFloatRepr(this.value);
  }
  toJSON(): number {
    return this.value;
  }
  __bool__(): boolean {
    return this.value !== 0;
  }
}

/** Python's set: an Array (so loops, filters and `| length` see its items) that prints `{1, 2}` and compares as a set. */
export class PySet<T = unknown> extends Array<T> {
  readonly [SET_MARK] = true;
  static fromItems<T>(items: Iterable<T>): PySet<T> {
    const set = new PySet<T>();
    for (const item of items) if (!set.some((existing) => pythonEquals(existing, item))) set.push(item);
    return set;
  }
  add(item: T): null {
    if (!this.some((existing) => pythonEquals(existing, item))) this.push(item);
    return null;
  }
  discard(item: T): null {
    const at = this.findIndex((existing) => pythonEquals(existing, item));
    if (at >= 0) this.splice(at, 1);
    return null;
  }
  update(...others: Iterable<T>[]): null {
    for (const other of others) for (const item of other) this.add(item);
    return null;
  }
  union(...others: Iterable<T>[]): PySet<T> {
    return PySet.fromItems([...this, ...others.flatMap((o) => [...o])]);
  }
  intersection(...others: Iterable<T>[]): PySet<T> {
    return PySet.fromItems(this.filter((item) => others.every((o) => [...o].some((x) => pythonEquals(x, item)))));
  }
  difference(...others: Iterable<T>[]): PySet<T> {
    return PySet.fromItems(this.filter((item) => !others.some((o) => [...o].some((x) => pythonEquals(x, item)))));
  }
  symmetric_difference(other: Iterable<T>): PySet<T> {
    const theirs = [...other];
    return PySet.fromItems([...this.filter((i) => !theirs.some((x) => pythonEquals(x, i))), ...theirs.filter((i) => !this.some((x) => pythonEquals(x, i)))]);
  }
  issubset(other: Iterable<T>): boolean {
    const theirs = [...other];
    return this.every((item) => theirs.some((x) => pythonEquals(x, item)));
  }
  issuperset(other: Iterable<T>): boolean {
    return [...other].every((item) => this.some((x) => pythonEquals(x, item)));
  }
  isdisjoint(other: Iterable<T>): boolean {
    return this.intersection(other).length === 0;
  }
  // Array methods building new arrays would make PySets of the wrong meaning.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16, always a `.0` or exponent. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exponent] = value.toExponential().split('e');
    const exp = Number(exponent);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const text = String(value);
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}

export const isFloat = (value: unknown): value is PyFloat => value instanceof PyFloat;

const num = (value: unknown): number => (value instanceof PyFloat ? value.value : (value as number));

type Dunder = { __eq__?: (other: unknown) => boolean; __cmp__?: (other: unknown) => number | undefined; __add__?: (other: unknown) => unknown; __sub__?: (other: unknown) => unknown; __neg__?: () => unknown };
const dunder = (value: unknown): Dunder | undefined => (typeof value === 'object' && value !== null ? (value as Dunder) : undefined);

/** Python's `==`. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // None and Jinja's undefined compare leniently: templates often test a missing value against none.
  if (a === null || a === undefined || b === null || b === undefined) return (a === null || a === undefined) && (b === null || b === undefined);
  const textA = asString(a);
  const textB = asString(b);
  if (textA !== undefined || textB !== undefined) return textA !== undefined && textB !== undefined && textA === textB;
  const isNumberLike = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v instanceof PyFloat;
  if (isNumberLike(a) && isNumberLike(b)) return Number(num(a)) === Number(num(b));
  const left = dunder(a);
  if (left && typeof left.__eq__ === 'function') return left.__eq__(b);
  const right = dunder(b);
  if (right && typeof right.__eq__ === 'function') return right.__eq__(a);
  if (a instanceof PySet || b instanceof PySet) {
    if (!(a instanceof PySet && b instanceof PySet) || a.length !== b.length) return false;
    return a.every((item) => b.some((other) => pythonEquals(item, other)));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if ((a instanceof PyTuple) !== (b instanceof PyTuple) || a.length !== b.length) return false;
    return a.every((item, i) => pythonEquals(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((k) => k !== '__keywords');
    const keysB = Object.keys(b).filter((k) => k !== '__keywords');
    return keysA.length === keysB.length && keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pythonEquals(a[k], b[k]));
  }
  return false;
}

function typeError(message: string): FloeError {
  return new FloeError('FLOE_JINJA', `TypeError: ${message}`);
}

/** Python's ordering: numbers, strings, sequences element by element, dates through `__cmp__`. */
function order(a: unknown, b: unknown): number {
  const left = dunder(a);
  if (left && typeof left.__cmp__ === 'function') {
    const result = left.__cmp__(b);
    if (result !== undefined) return result;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pythonEquals(a[i], b[i])) return order(a[i], b[i]);
    }
    return Math.sign(a.length - b.length);
  }
  const x = asString(a) ?? num(a);
  const y = asString(b) ?? num(b);
  if (x === null || x === undefined || y === null || y === undefined) {
    throw typeError(`'<' not supported between ${x === null || x === undefined ? 'None' : 'a value'} and ${y === null || y === undefined ? 'None' : 'a value'}`);
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

export function pythonCompare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
    case '===':
      return pythonEquals(a, b);
    case '!=':
    case '!==':
      return !pythonEquals(a, b);
    case '<':
      return order(a, b) < 0;
    case '>':
      return order(a, b) > 0;
    case '<=':
      return order(a, b) <= 0;
    case '>=':
      return order(a, b) >= 0;
    default:
      throw new Error(`internal: unknown comparison ${op}`);
  }
}

/** `a < b < c`: each link must hold (operands are already evaluated). */
export function pythonCompareChain(first: unknown, rest: unknown[]): boolean {
  let left = first;
  for (let i = 0; i < rest.length; i += 2) {
    const right = rest[i + 1];
    if (!pythonCompare(String(rest[i]), left, right)) return false;
    left = right;
  }
  return true;
}

/** Python's `item in container`. */
export function pythonContains(item: unknown, container: unknown): boolean {
  const text = asString(container);
  if (text !== undefined) {
    const needle = asString(item);
    if (needle === undefined) throw typeError(`'in <string>' requires string as left operand`);
    return text.includes(needle);
  }
  if (Array.isArray(container)) return container.some((element) => pythonEquals(element, item));
  if (container instanceof Map || container instanceof Set) return container.has(item);
  if (isPlainObject(container)) return item !== '__keywords' && Object.prototype.hasOwnProperty.call(container, String(asString(item) ?? item));
  if (container === null || container === undefined) throw typeError(`argument of type '${container === null ? 'NoneType' : 'Undefined'}' is not iterable`);
  const keyed = container as { keys?: () => unknown[] };
  if (typeof keyed.keys === 'function') return keyed.keys().some((key) => pythonEquals(key, item));
  if (typeof container === 'object' && Symbol.iterator in container) return [...(container as Iterable<unknown>)].some((element) => pythonEquals(element, item));
  throw typeError('argument is not iterable');
}

const floatOf = (value: number, ...operands: unknown[]): number | PyFloat => (operands.some(isFloat) ? new PyFloat(value) : value);

export function pythonAdd(a: unknown, b: unknown): unknown {
  const left = dunder(a);
  if (left && typeof left.__add__ === 'function' && !Array.isArray(a)) {
    const result = left.__add__(b);
    if (typeof result !== 'symbol') return result;
  }
  const textA = asString(a);
  const textB = asString(b);
  if (textA !== undefined && textB !== undefined) return isSafeString(a) || isSafeString(b) ? textA + textB : textA + textB;
  if (Array.isArray(a) && Array.isArray(b)) return a instanceof PyTuple ? PyTuple.from([...a, ...b]) : [...a, ...b];
  if (textA !== undefined || textB !== undefined) return String(textA ?? a) + String(textB ?? b);
  return floatOf(num(a) + num(b), a, b);
}

export function pythonSub(a: unknown, b: unknown): unknown {
  const left = dunder(a);
  if (left && typeof left.__sub__ === 'function' && !Array.isArray(a)) {
    const result = left.__sub__(b);
    if (typeof result !== 'symbol') return result;
  }
  if (a instanceof PySet && Array.isArray(b)) return a.difference(b);
  return floatOf(num(a) - num(b), a, b);
}

function checkDivisor(b: unknown): number {
  const divisor = num(b);
  if (divisor === 0) throw new FloeError('FLOE_JINJA', 'ZeroDivisionError: division by zero');
  return divisor;
}

/** `/` is true division in Python 3: always a float. */
export function pythonDiv(a: unknown, b: unknown): PyFloat {
  return new PyFloat(num(a) / checkDivisor(b));
}

export function pythonFloorDiv(a: unknown, b: unknown): number | PyFloat {
  return floatOf(Math.floor(num(a) / checkDivisor(b)), a, b);
}

export function pythonPow(a: unknown, b: unknown): number | PyFloat {
  const result = num(a) ** num(b);
  return isFloat(a) || isFloat(b) || num(b) < 0 ? new PyFloat(result) : result;
}

export function pythonNeg(a: unknown): unknown {
  const value = dunder(a);
  if (value && typeof value.__neg__ === 'function') return value.__neg__();
  return floatOf(-num(a), a);
}

export function pythonMulNumbers(a: unknown, b: unknown): number | PyFloat {
  return floatOf(num(a) * num(b), a, b);
}

export function pythonModNumbers(a: unknown, b: unknown): number | PyFloat {
  const x = num(a);
  const y = checkDivisor(b);
  return floatOf(((x % y) + y) % y, a, b);
}
