/** Turns zod issues into located, actionable `FloeError`s. */
import type { z } from 'zod';
import { didYouMean, FloeError } from '../errors/index.js';
import { schemaAt } from './schema-introspection.js';
import { positionOf, valueAt, type ConfigPath, type YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/** `transforms[0].compute`, or `(top level)` for the empty path. */
export function displayPath(path: ConfigPath): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function joinHints(...hints: Array<string | undefined>): string | undefined {
  const text = hints.filter((hint) => hint).join(' — ');
  return text || undefined;
}

interface Context {
  source: YamlSource;
  schema: z.ZodType;
  /** `key` positions (file:line:column) already reported by another check (e.g. a credential). */
  skip: Set<string>;
}

function keyOf(position: { line?: number; column?: number }): string {
  return `${position.line}:${position.column}`;
}

function missingKey(context: Context, path: ConfigPath): FloeError {
  const spot = schemaAt(context.schema, path, context.source.data);
  const parent = path.slice(0, -1);
  return new FloeError('FLOE_CONFIG_MISSING_KEY', `missing required key \`${displayPath(path)}\``, {
    position: positionOf(context.source, parent, 'key'),
    hint: joinHints(spot?.description && `${String(path[path.length - 1])}: ${spot.description}`),
  });
}

function unionBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  // Prefer the branch that got past the top-level type check: it is the one the user meant.
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const meant = branches.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  if (meant.length === 0) return undefined;
  return meant.reduce((best, branch) => (branch.length < best.length ? branch : best));
}

function convert(context: Context, issue: Issue, prefix: ConfigPath): FloeError[] {
  const path = [...prefix, ...issue.path];
  const { source, schema } = context;
  const value = valueAt(source.data, path);
  const spot = () => schemaAt(schema, path, source.data);
  const where = displayPath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const valid = spot()?.keys ?? [];
      return issue.keys
        .map((key) => {
          const position = positionOf(source, [...path, key], 'key');
          if (context.skip.has(keyOf(position))) return undefined;
          const suggestion = didYouMean(key, valid);
          return new FloeError(
            'FLOE_CONFIG_UNKNOWN_KEY',
            `unknown key \`${key}\`${path.length > 0 ? ` in \`${where}\`` : ''}`,
            { position, hint: suggestion || (valid.length > 0 ? `valid keys here: ${valid.join(', ')}` : undefined) },
          );
        })
        .filter((error): error is FloeError => error !== undefined);
    }
    case 'invalid_union': {
      if (issue.discriminator) {
        const tagPath = [...path, issue.discriminator];
        const tag = valueAt(source.data, tagPath);
        if (tag === undefined) return [missingKey(context, tagPath)];
        const options = ('options' in issue ? issue.options ?? [] : []).map(String);
        return [
          new FloeError('FLOE_CONFIG_INVALID', `\`${displayPath(tagPath)}\` must be one of ${options.join(', ')}`, {
            position: positionOf(source, tagPath),
            hint: didYouMean(String(tag), options) || undefined,
          }),
        ];
      }
      const branch = unionBranch(issue);
      if (branch) return branch.flatMap((inner) => convert(context, inner, path));
      return [
        new FloeError('FLOE_CONFIG_INVALID', `\`${where}\` has the wrong form (got ${describeValue(value)})`, {
          position: positionOf(source, path),
          hint: spot()?.description,
        }),
      ];
    }
    case 'invalid_type':
      if (value === undefined && path.length > 0) return [missingKey(context, path)];
      return [
        new FloeError('FLOE_CONFIG_INVALID', `\`${where}\` must be ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${describeValue(value)}`, {
          position: positionOf(source, path),
          hint: spot()?.description,
        }),
      ];
    case 'invalid_value': {
      const options = issue.values.map(String);
      const suggestion = typeof value === 'string' ? didYouMean(value, options) : '';
      return [
        new FloeError('FLOE_CONFIG_INVALID', `\`${where}\` must be ${options.length === 1 ? options[0] : `one of ${options.join(', ')}`}`, {
          position: positionOf(source, path),
          hint: joinHints(suggestion, spot()?.description),
        }),
      ];
    }
    case 'custom': {
      const params = (issue.params ?? {}) as { floeCode?: string; hint?: string; candidates?: string[]; atKey?: boolean };
      const subject = params.atKey ? String(path[path.length - 1]) : value;
      const suggestion = params.candidates && typeof subject === 'string' ? didYouMean(subject, params.candidates) : '';
      return [
        new FloeError(params.floeCode ?? 'FLOE_CONFIG_INVALID', `\`${where}\`: ${issue.message}`, {
          position: positionOf(source, path, params.atKey ? 'key' : 'value'),
          hint: joinHints(suggestion, params.hint),
        }),
      ];
    }
    default:
      return [
        new FloeError('FLOE_CONFIG_INVALID', `\`${where}\`${/^must /.test(issue.message) ? ' ' : ': '}${issue.message.replace(/^Invalid input: /, '')}`, {
          position: positionOf(source, path),
          hint: spot()?.description,
        }),
      ];
  }
}

export function issuesToErrors(issues: readonly Issue[], source: YamlSource, schema: z.ZodType, skip: Set<string> = new Set()): FloeError[] {
  return issues.flatMap((issue) => convert({ source, schema, skip }, issue, []));
}

export function sortByPosition(errors: FloeError[]): FloeError[] {
  return [...errors].sort(
    (a, b) =>
      (a.position?.file ?? '').localeCompare(b.position?.file ?? '') ||
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0),
  );
}

export { keyOf as positionKey };
