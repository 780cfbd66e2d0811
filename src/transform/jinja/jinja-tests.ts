/**
 * Jinja2's `is` tests that dbt macros use and nunjucks lacks or defines
 * differently (`none`, `mapping`, `sequence`, `iterable`, `boolean`, …).
 */
import type nunjucks from 'nunjucks';
import { asString, isPlainObject, isSafeString } from './python-values.js';
import { PY_MAPPING } from './relation.js';
import { PyFloat, pythonContains, pythonEquals } from './python-operators.js';

export function installTests(env: nunjucks.Environment): void {
  const tests: Record<string, (value: unknown, ...args: unknown[]) => boolean> = {
    // Lenient on undefined: callers often pass "no value" as JS undefined.
    none: (value) => value === null || value === undefined,
    string: (value) => typeof value === 'string' || isSafeString(value),
    number: (value) => typeof value === 'number' || typeof value === 'bigint' || value instanceof PyFloat,
    integer: (value) => typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)),
    float: (value) => value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value)),
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
    in: (value, container) => pythonContains(value, container),
    eq: (value, other) => pythonEquals(value, other),
    equalto: (value, other) => pythonEquals(value, other),
    ne: (value, other) => !pythonEquals(value, other),
    sameas: (value, other) => value === other,
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
