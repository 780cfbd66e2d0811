/**
 * Most models use Jinja only for `{{ ref('x') }}`, `{{ source('a', 'b') }}`
 * and `{{ this }}`. Those are substituted directly, skipping the template
 * engine (a measurable share of per-node overhead). Anything else — any
 * other `{{ }}`, any `{% %}` or `{# #}` — returns undefined and the node is
 * rendered by the Jinja part as usual. The output is identical either way.
 */
import type { RefCall } from '../types.js';

const CALL = /\{\{-?\s*(ref|source)\s*\(\s*(['"])([^'"\\]*)\2\s*(?:,\s*(['"])([^'"\\]*)\4\s*)?\)\s*-?\}\}|\{\{-?\s*this\s*-?\}\}/g;
const ANY_JINJA = /\{[{%#]/;

export interface StaticRenderHooks {
  ref(call: RefCall): string;
  source(sourceName: string, tableName: string): string;
  this(): string;
}

export function renderStatically(template: string, hooks: StaticRenderHooks): string | undefined {
  // As Jinja2 (and the Jinja part) do: newlines normalised, one trailing newline dropped.
  const source = template.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (!ANY_JINJA.test(source)) return source;
  // Whitespace-control dashes change surrounding whitespace; leave those to the real engine.
  if (/\{\{-|-\}\}/.test(source)) return undefined;
  const output = source.replace(CALL, (match, kind: string | undefined, _q1, first: string | undefined, _q2, second: string | undefined) => {
    if (kind === undefined) return hooks.this();
    if (kind === 'ref') return hooks.ref(second === undefined ? { name: first ?? '' } : { package: first, name: second });
    if (second === undefined) return match; // source() needs two arguments: let the engine report it
    return hooks.source(first ?? '', second);
  });
  return ANY_JINJA.test(output) ? undefined : output;
}
