/**
 * Label selectors (`app=web,tier!=db,env in (a,b),env notin (c),has,!lacks`)
 * and field selectors (`metadata.name=x,status.phase!=Running`) as the
 * Kubernetes API reads them from `?labelSelector=` and `?fieldSelector=`.
 */
export type ObjectMatcher = (object: Record<string, unknown>) => boolean;

export class SelectorError extends Error {}

/** Splits on commas that are not inside parentheses. */
function terms(selector: string): string[] {
  const result: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of selector) {
    if (character === '(') depth += 1;
    if (character === ')') depth -= 1;
    if (character === ',' && depth === 0) {
      result.push(current.trim());
      current = '';
    } else current += character;
  }
  if (current.trim() !== '') result.push(current.trim());
  return result;
}

function termMatcher(term: string): (labels: Record<string, string>) => boolean {
  let match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (match) {
    const [, key, operator, list] = match;
    const values = list.split(',').map((value) => value.trim());
    return operator === 'in' ? (labels) => key in labels && values.includes(labels[key]) : (labels) => !(key in labels) || !values.includes(labels[key]);
  }
  match = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
  if (match) {
    const [, key, operator, value] = match;
    return operator === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  match = /^(!?)([\w./-]+)$/.exec(term);
  if (match) {
    const [, not, key] = match;
    return not ? (labels) => !(key in labels) : (labels) => key in labels;
  }
  throw new SelectorError(`unable to parse requirement: '${term}'`);
}

export function labelSelectorMatcher(selector: string | null): ObjectMatcher {
  if (!selector) return () => true;
  const matchers = terms(selector).map(termMatcher);
  return (object) => {
    const labels = ((object.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {}) as Record<string, string>;
    return matchers.every((matches) => matches(labels));
  };
}

function valueAtPath(object: unknown, path: string): string | undefined {
  let node: unknown = object;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node === undefined || node === null ? undefined : String(node);
}

export function fieldSelectorMatcher(selector: string | null): ObjectMatcher {
  if (!selector) return () => true;
  const matchers = terms(selector).map((term) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) throw new SelectorError(`invalid field selector: '${term}'`);
    const [, path, operator, value] = match;
    return operator === '!=' ? (object: unknown) => valueAtPath(object, path) !== value : (object: unknown) => (valueAtPath(object, path) ?? '') === value;
  });
  return (object) => matchers.every((matches) => matches(object));
}
