/**
 * dbt's names for generic tests, reproduced so unique ids match what dbt
 * writes: `accepted_values_orders_status__a__b`, shortened with an md5 when
 * 64 characters or longer, and a 10-hex suffix hashed from the test metadata.
 */
import { createHash } from 'node:crypto';

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Python's `str()` of a YAML value, as dbt sees it. */
function pythonString(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return pythonRepr(value);
}

/** Python's `repr()` of plain values (strings, numbers, lists, dicts). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (!/['\\\n\r\t]/.test(value)) return `'${value}'`;
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    let out = '';
    for (const char of value) {
      if (char === '\\') out += '\\\\';
      else if (char === quote) out += `\\${quote}`;
      else if (char === '\n') out += '\\n';
      else if (char === '\r') out += '\\r';
      else if (char === '\t') out += '\\t';
      else out += char;
    }
    return `${quote}${out}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

/**
 * dbt's `synthesize_generic_test_names`: returns the short name (the node's
 * name and alias) and the full name (used in its fqn).
 */
export function synthesizeGenericTestNames(testType: string, targetName: string, args: Record<string, unknown>): { shortName: string; fullName: string } {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [value];
    for (const part of parts) flat.push(pythonString(part));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testType}_${targetName}`;
  const fullName = `${identifier}_${unique}`;
  const shortName = fullName.length >= 64 ? `${identifier.slice(0, 30)}_${md5(fullName)}` : fullName;
  return { shortName, fullName };
}

/**
 * `repr(get_hashable_md(value))` in one pass: dbt's get_hashable_md sorts dict
 * keys and stringifies scalars, then Python's repr prints the result.
 */
function hashableRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(hashableRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${pythonRepr(key)}: ${hashableRepr(record[key])}`).join(', ')}}`;
  }
  return pythonRepr(pythonString(value));
}

/** The 10-hex suffix of a generic test's unique id. */
export function genericTestHash(name: string, metadata: { name: string; kwargs: Record<string, unknown>; namespace?: string }): string {
  const repr = hashableRepr({ name: metadata.name, kwargs: metadata.kwargs, namespace: metadata.namespace ?? null });
  return md5(name + repr).slice(-10);
}
