/**
 * A Markdown reference of every key, rendered from the JSON Schema (and so
 * from the zod descriptions): the same text editors show on hover.
 */
import { JSON_SCHEMA_FILES, type JsonSchemaFileName } from './json-schema.js';

type JsonSchema = Record<string, unknown>;

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = (root.$defs as Record<string, JsonSchema>)[ref.replace('#/$defs/', '')];
  // The referring node's own description wins over the definition's.
  return { ...target, ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$ref')) };
}

function typeOf(schema: JsonSchema, root: JsonSchema): string {
  const node = resolveRef(schema, root);
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (Array.isArray(node.enum)) return node.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  const options = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (options) return [...new Set(options.map((option) => typeOf(option, root)))].join(' \\| ');
  if (node.type === 'array') return `list of ${typeOf((node.items as JsonSchema) ?? {}, root)}`;
  if (node.type === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object' && !node.properties) return 'map';
  return typeof node.type === 'string' ? node.type : 'any';
}

function rows(schema: JsonSchema, root: JsonSchema, path: string, out: string[], depth: number, expanded = new Map<string, string>()): void {
  const node = resolveRef(schema, root);
  const options = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  const objects = options ? options.map((option) => resolveRef(option, root)).filter((option) => option.properties) : [node];
  const seen = new Set<string>();
  for (const object of objects) {
    const properties = object.properties as Record<string, JsonSchema> | undefined;
    const required = new Set((object.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries(properties ?? {})) {
      const childPath = path ? `${path}.${key}` : key;
      const resolved = resolveRef(child, root);
      const fallback = resolved.default !== undefined && typeof resolved.default !== 'object' ? `\`${String(resolved.default)}\`` : '';
      const description = String(resolved.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
      // A shared definition (e.g. Resources) is listed in full once, then referred to.
      const ref = typeof child.$ref === 'string' ? child.$ref : undefined;
      const first = ref ? expanded.get(ref) : undefined;
      const note = first ? ` Same keys as \`${first}\`.` : '';
      // Union branches (duckdb / postgres compute) share some keys: list each distinct row once.
      const row = `| \`${childPath}\`${required.has(key) ? ' *' : ''} | ${typeOf(child, root)} | ${fallback} | ${description}${note} |`;
      if (seen.has(row)) continue;
      seen.add(row);
      out.push(row);
      if (ref && !first) expanded.set(ref, childPath);
      if (!first && depth < 8) {
        const items = resolved.type === 'array' ? resolveRef((resolved.items as JsonSchema) ?? {}, root) : undefined;
        const expandable = (candidate: JsonSchema) => Boolean(candidate.properties || candidate.anyOf || candidate.oneOf);
        if (items && expandable(items)) rows(items, root, `${childPath}[]`, out, depth + 1, expanded);
        else if (expandable(resolved)) rows(resolved, root, childPath, out, depth + 1, expanded);
        else if (resolved.additionalProperties && typeof resolved.additionalProperties === 'object') {
          const values = resolveRef(resolved.additionalProperties as JsonSchema, root);
          if (values.properties) rows(values, root, `${childPath}.<name>`, out, depth + 1, expanded);
        }
      }
    }
  }
}

/** A Markdown table of every key of one config file (`*` = required). */
export function renderConfigReference(fileName: JsonSchemaFileName): string {
  const root = JSON_SCHEMA_FILES[fileName]();
  const out = ['| key | type | default | description |', '|---|---|---|---|'];
  rows(root, root, '', out, 0);
  return `${out.join('\n')}\n`;
}
