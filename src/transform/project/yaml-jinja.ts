/**
 * dbt renders Jinja inside dbt_project.yml config trees and property YAML
 * (configs, source database/schema/identifier) at parse time, with `target`,
 * `var()` and `env_var()` available: `+enabled: "{{ target.name == 'prod' }}"`
 * or `schema: "{{ env_var('RAW_SCHEMA', 'raw') }}"`. Hooks are left alone
 * (they render at run time), as are tests and descriptions (rendered later).
 */
import { FloeError, FloeErrors, isFloeError, type SourcePosition } from '../../errors/index.js';

const HOOK_KEY = /^\+?(pre|post)[-_]hook$/;

/** dbt renders these natively; floe's renderer returns text, so bring the obvious literals back. */
function nativeValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'True' || trimmed === 'true') return true;
  if (trimmed === 'False' || trimmed === 'false') return false;
  if (trimmed === 'None' || trimmed === 'none') return null;
  return text;
}

export type StringRenderer = (text: string) => string;

/**
 * Render every string containing `{{` or `{%` inside `value` (mappings and
 * lists walked; hook keys skipped). Failures are pushed to `errors` at `position`.
 */
export function renderYamlJinja(value: unknown, render: StringRenderer, position: SourcePosition, errors: FloeError[]): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{') && !value.includes('{%')) return value;
    try {
      return nativeValue(render(value));
    } catch (error) {
      const inner = error instanceof FloeErrors ? error.errors[0] : isFloeError(error) ? error : undefined;
      errors.push(
        new FloeError('FLOE_JINJA', `could not render '${value}': ${inner ? inner.message : error instanceof Error ? error.message : String(error)}`, {
          position,
          hint: 'target, var() and env_var() are available in YAML values',
        }),
      );
      return value;
    }
  }
  if (Array.isArray(value)) {
    let changed = false;
    const result = value.map((item) => {
      const rendered = renderYamlJinja(item, render, position, errors);
      if (rendered !== item) changed = true;
      return rendered;
    });
    return changed ? result : value;
  }
  if (value !== null && typeof value === 'object') {
    let result: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      if (HOOK_KEY.test(key)) continue;
      const rendered = renderYamlJinja(item, render, position, errors);
      if (rendered !== item) {
        result ??= { ...(value as Record<string, unknown>) };
        result[key] = rendered;
      }
    }
    return result ?? value;
  }
  return value;
}

/** Cheap check so files without Jinja are not walked twice. */
export function containsJinja(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (Array.isArray(value)) return value.some(containsJinja);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsJinja);
  return false;
}
