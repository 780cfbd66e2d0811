/**
 * Jinja2's `is` tests that dbt macros use and nunjucks lacks or defines
 * differently (`none`, `mapping`, `sequence`, `iterable`, `boolean`, …).
 */
import type nunjucks from 'nunjucks';
import { asString, isPlainObject, isSafeString, pythonStr } from './python-values.js';
import { PY_MAPPING } from './relation.js';

export function installTests(env: nunjucks.Environment): void {
  const tests: Record<string, (value: unknown, ...args: unknown[]) => boolean> = {
    // Lenient on undefined: callers often pass "no value" as JS undefined.
    none: (value) => value === null || value === undefined,
    string: (value) => typeof value === 'string' || isSafeString(value),
    number: (value) => typeof value === 'number' || typeof value === 'bigint',
    integer: (value) => typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)),
    float: (value) => typeof value === 'number' && !Number.isInteger(value),
    boolean: (value) => typeof value === 'boolean',
    true: (value) => value === true,
    false: (value) => value === false,
    mapping: (value) => isPlainObject(value) || value instanceof Map || (typeof value === 'object' && value !== null && PY_MAPPING in value),
    sequence: (value) => Array.isArray(value) || asString(value) !== undefined || isPlainObject(value),
    iterable: (value) =>
      Array.isArray(value) ||
      asString(value) !== undefined ||
      isPlainObject(value) ||
      (typeof value === 'object' && value !== null && Symbol.iterator in value),
    callable: (value) => typeof value === 'function',
    in: (value, container) => {
      if (Array.isArray(container)) return container.some((item) => item === value || pythonStr(item) === pythonStr(value));
      const text = asString(container);
      if (text !== undefined) return text.includes(pythonStr(value));
      if (isPlainObject(container)) return Object.prototype.hasOwnProperty.call(container, String(value));
      return false;
    },
    lower: (value) => {
      const text = asString(value);
      return text !== undefined && text === text.toLowerCase();
    },
    upper: (value) => {
      const text = asString(value);
      return text !== undefined && text === text.toUpperCase();
    },
  };
  // addTest exists in nunjucks 3.2.4 but is missing from @types/nunjucks.
  const withTests = env as unknown as { addTest(name: string, test: (value: unknown, ...args: unknown[]) => boolean): void };
  for (const [name, test] of Object.entries(tests)) withTests.addTest(name, test);
}
