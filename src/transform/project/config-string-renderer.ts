/**
 * Renders the Jinja that may appear inside profiles.yml and dbt_project.yml
 * values. These files are read before any macro exists, and dbt only offers
 * `env_var()` and `var()` there, so a small evaluator limited to those two
 * functions (plus the casting filters people use with them) is enough and
 * keeps project loading independent of the template engine.
 */
import { FloeError, type SourcePosition } from '../../errors/index.js';

export interface ConfigRenderContext {
  env: Record<string, string | undefined>;
  vars: Record<string, unknown>;
}

const EXPRESSION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const CALL = /^(env_var|var)\s*\(\s*((?:'[^']*'|"[^"]*")\s*(?:,\s*(?:'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|true|false|True|False|none|None)\s*)?)\)\s*((?:\|\s*\w+\s*)*)$/;

/** Render every string inside `value` (recursively); non-strings are returned unchanged. */
export function renderConfigValue(value: unknown, context: ConfigRenderContext, position: SourcePosition, errors: FloeError[]): unknown {
  if (typeof value === 'string') return renderConfigString(value, context, position, errors);
  if (Array.isArray(value)) return value.map((item) => renderConfigValue(item, context, position, errors));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = renderConfigValue(item, context, position, errors);
    return result;
  }
  return value;
}

/**
 * Render one string. When the whole string is one expression ending in a
 * casting filter (`as_number`, `int`, `as_bool`, …) the native value is
 * returned, as dbt's native rendering does for profile values like `port`.
 */
export function renderConfigString(text: string, context: ConfigRenderContext, position: SourcePosition, errors: FloeError[]): unknown {
  if (!text.includes('{{')) return text;
  const whole = /^\s*\{\{-?\s*([\s\S]*?)\s*-?\}\}\s*$/.exec(text);
  if (whole && !whole[1].includes('}}')) {
    return evaluate(whole[1], context, position, errors);
  }
  return text.replace(EXPRESSION, (_match, expression: string) => {
    const value = evaluate(expression, context, position, errors);
    return value === undefined || value === null ? '' : String(value);
  });
}

function evaluate(expression: string, context: ConfigRenderContext, position: SourcePosition, errors: FloeError[]): unknown {
  const call = CALL.exec(expression.trim());
  if (!call) {
    errors.push(
      new FloeError('FLOE_JINJA', `unsupported expression '{{ ${expression.trim()} }}' in a configuration file`, {
        position,
        hint: "only env_var('NAME', 'default') and var('name', 'default'), optionally with | as_number, | as_bool, | as_text, | int, are available here",
      }),
    );
    return '';
  }
  const [, fn, argumentText, filterText] = call;
  const args = splitArguments(argumentText);
  const name = String(args[0]);
  let value: unknown;
  if (fn === 'env_var') {
    value = context.env[name];
    if (value === undefined) {
      if (args.length > 1) value = args[1];
      else {
        errors.push(
          new FloeError('FLOE_ENV_VAR_MISSING', `environment variable '${name}' is required but not set`, {
            position,
            hint: `set ${name} in the environment, or give a default: env_var('${name}', 'default')`,
          }),
        );
        return '';
      }
    }
  } else {
    if (Object.prototype.hasOwnProperty.call(context.vars, name)) value = context.vars[name];
    else if (args.length > 1) value = args[1];
    else {
      errors.push(
        new FloeError('FLOE_VAR_MISSING', `variable '${name}' is required but not set`, {
          position,
          hint: `pass it with --vars '{${name}: value}' or give a default: var('${name}', 'default')`,
        }),
      );
      return '';
    }
  }
  for (const filter of filterText.split('|').map((f) => f.trim()).filter(Boolean)) {
    value = applyFilter(filter, value, position, errors);
  }
  return value;
}

function splitArguments(text: string): unknown[] {
  const result: unknown[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|(true|false|True|False)|(none|None)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[1] !== undefined) result.push(match[1]);
    else if (match[2] !== undefined) result.push(match[2]);
    else if (match[3] !== undefined) result.push(Number(match[3]));
    else if (match[4] !== undefined) result.push(match[4].toLowerCase() === 'true');
    else result.push(null);
  }
  return result;
}

function applyFilter(filter: string, value: unknown, position: SourcePosition, errors: FloeError[]): unknown {
  switch (filter) {
    case 'as_number':
    case 'int':
    case 'float': {
      const number = Number(value);
      if (Number.isNaN(number)) {
        errors.push(new FloeError('FLOE_JINJA', `cannot convert '${String(value)}' to a number`, { position }));
        return value;
      }
      return filter === 'int' ? Math.trunc(number) : number;
    }
    case 'as_bool':
      return typeof value === 'boolean' ? value : ['true', '1', 'yes'].includes(String(value).toLowerCase());
    case 'as_text':
    case 'string':
      return value === undefined || value === null ? '' : String(value);
    case 'lower':
      return String(value).toLowerCase();
    case 'upper':
      return String(value).toUpperCase();
    case 'trim':
      return String(value).trim();
    default:
      errors.push(
        new FloeError('FLOE_JINJA', `unsupported filter '${filter}' in a configuration file`, {
          position,
          hint: 'available filters here: as_number, as_bool, as_text, int, float, string, lower, upper, trim',
        }),
      );
      return value;
  }
}
