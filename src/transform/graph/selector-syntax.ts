/**
 * dbt's node selection syntax. One CLI argument is a space-separated union of
 * comma-separated intersections of atoms; an atom is
 * `[@][N+]method:value[+N]` (or a bare value).
 */
import { FloeError } from '../../errors/index.js';

export interface SelectorAtom {
  /** As written, for messages. */
  text: string;
  method: string;
  /** The part after `config.` (e.g. `materialized`, `meta.owner`). */
  methodArguments: string[];
  value: string;
  /** `@x`: x, its descendants and all their ancestors. */
  childrensParents: boolean;
  /** `+x` / `2+x`: undefined = not requested, Infinity = all. */
  parentsDepth?: number;
  childrenDepth?: number;
}

/** A union of intersections. */
export type SelectorExpression = SelectorAtom[][];

export const SELECTOR_METHODS = ['fqn', 'tag', 'path', 'file', 'config', 'resource_type', 'source', 'test_type', 'test_name', 'package'] as const;

const ATOM = /^(@)?(\d*\+)?(.*?)(\+\d*)?$/s;

function probablyPath(value: string): boolean {
  return value.includes('/') || value.includes('\\');
}

export function parseSelectorAtom(text: string): SelectorAtom {
  const match = ATOM.exec(text) as RegExpExecArray;
  const [, at, prefix, body, suffix] = match;
  if (at && prefix) {
    throw new FloeError('FLOE_SELECTOR_INVALID', `'${text}' combines @ with a parents operator`, {
      hint: "use either '@model' or '+model', not both",
    });
  }
  if (body === '') throw new FloeError('FLOE_SELECTOR_INVALID', `'${text}' selects nothing: the selector is empty`);
  const colon = body.indexOf(':');
  let method: string;
  let value: string;
  if (colon > 0 && !/^[A-Za-z]:[\\/]/.test(body)) {
    method = body.slice(0, colon);
    value = body.slice(colon + 1);
  } else {
    value = body;
    method = probablyPath(value) ? 'path' : /\.(sql|csv|py)$/i.test(value) ? 'file' : 'fqn';
  }
  const [base, ...methodArguments] = method.split('.');
  if (!(SELECTOR_METHODS as readonly string[]).includes(base)) {
    throw new FloeError('FLOE_SELECTOR_UNKNOWN_METHOD', `unknown selector method '${method}' in '${text}'`, {
      hint: `valid methods: ${SELECTOR_METHODS.map((m) => (m === 'config' ? 'config.<key>' : m)).join(', ')}`,
    });
  }
  if (base === 'config' && methodArguments.length === 0) {
    throw new FloeError('FLOE_SELECTOR_INVALID', `'${text}': config needs a key, e.g. config.materialized:table`);
  }
  const depth = (operator: string | undefined, trim: (s: string) => string): number | undefined => {
    if (operator === undefined) return undefined;
    const digits = trim(operator);
    return digits === '' ? Infinity : Number(digits);
  };
  return {
    text,
    method: base,
    methodArguments,
    value,
    childrensParents: at !== undefined,
    parentsDepth: depth(prefix, (s) => s.slice(0, -1)),
    childrenDepth: depth(suffix, (s) => s.slice(1)),
  };
}

/** Parse one CLI argument (`"a+ tag:x,config.materialized:table"`). */
export function parseSelectorArgument(argument: string): SelectorExpression {
  return argument
    .split(/\s+/)
    .filter(Boolean)
    .map((union) => union.split(',').filter(Boolean).map(parseSelectorAtom));
}
