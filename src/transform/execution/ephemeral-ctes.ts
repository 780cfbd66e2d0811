/**
 * Ephemeral models are not built: every model that refs one gets it inlined
 * as a CTE named `__dbt__cte__<name>`. dbt hoists the ephemerals an
 * ephemeral itself refs, so the final SQL has one flat WITH list, each CTE
 * after the ones it reads; we do the same.
 */

export interface EphemeralCte {
  /** The ephemeral model's unique id (dedupe key). */
  id: string;
  /** `__dbt__cte__<name>`. */
  name: string;
  /** The ephemeral's own compiled SQL, without CTEs of its own (those are hoisted). */
  sql: string;
}

export const EPHEMERAL_CTE_PREFIX = '__dbt__cte__';

export function ephemeralCteName(modelName: string): string {
  return `${EPHEMERAL_CTE_PREFIX}${modelName}`;
}

/**
 * Prepends `ctes` to `sql`, merging into a leading `WITH` (after comments)
 * the way dbt does: `with <ctes>, <existing ctes> select …`.
 */
export function injectCtes(sql: string, ctes: EphemeralCte[]): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map((cte) => `${cte.name} as (\n${cte.sql.trim()}\n)`).join(', ');
  const withAt = leadingWith(sql);
  if (withAt === undefined) return `with ${definitions}\n${sql}`;
  return `${sql.slice(0, withAt.start)}with ${withAt.recursive ? 'recursive ' : ''}${definitions}, ${sql.slice(withAt.end).replace(/^\s+/, '')}`;
}

/** Orders CTE lists from several refs into one list, dependencies first, each once. */
export function mergeCteLists(lists: EphemeralCte[][]): EphemeralCte[] {
  const seen = new Set<string>();
  const merged: EphemeralCte[] = [];
  for (const list of lists) {
    for (const cte of list) {
      if (seen.has(cte.id)) continue;
      seen.add(cte.id);
      merged.push(cte);
    }
  }
  return merged;
}

/** Where the leading `with` keyword (and `recursive`) sits, skipping whitespace and comments. */
function leadingWith(sql: string): { start: number; end: number; recursive: boolean } | undefined {
  let index = 0;
  for (;;) {
    while (index < sql.length && /\s/.test(sql[index])) index++;
    if (sql.startsWith('--', index)) {
      const newline = sql.indexOf('\n', index);
      index = newline === -1 ? sql.length : newline + 1;
      continue;
    }
    if (sql.startsWith('/*', index)) {
      const close = sql.indexOf('*/', index + 2);
      index = close === -1 ? sql.length : close + 2;
      continue;
    }
    break;
  }
  const match = /^with\s+(recursive\s+)?/i.exec(sql.slice(index));
  if (!match) return undefined;
  return { start: index, end: index + match[0].length, recursive: match[1] !== undefined };
}
