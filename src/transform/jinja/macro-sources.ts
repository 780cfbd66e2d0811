/**
 * Reading macro files: dbt's extra block tags become macros nunjucks can
 * compile (`{% test x(...) %}` → macro `test_x`, `{% materialization m,
 * adapter='a' %}` → macro `materialization_m_a`), and each top-level macro's
 * MacroDefinition is taken from the parsed template.
 */
import type { MacroDefinition } from '../types.js';
import type { NunjucksNode } from './nunjucks-internals.js';

const TEST_OPEN = /(\{%-?\s*)test(\s+)([A-Za-z_][A-Za-z0-9_]*)(\s*\()/g;
const TEST_CLOSE = /(\{%-?\s*)endtest(\s*-?%\})/g;
const MATERIALIZATION_OPEN = /(\{%-?\s*)materialization\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:,\s*(?:adapter\s*=\s*)?['"]([A-Za-z_][A-Za-z0-9_]*)['"])?[^%]*?(-?%\})/g;
const MATERIALIZATION_CLOSE = /(\{%-?\s*)endmaterialization(\s*-?%\})/g;

/** Rewrite dbt block tags to `{% macro %}`; lines stay where they were, so error positions hold. */
export function rewriteDbtBlocks(source: string): string {
  if (!source.includes('test') && !source.includes('materialization')) return source;
  return source
    .replace(TEST_OPEN, (_m, open: string, space: string, name: string, paren: string) => `${open}macro${space}test_${name}${paren}`)
    .replace(TEST_CLOSE, (_m, open: string, close: string) => `${open}endmacro${close}`)
    .replace(MATERIALIZATION_OPEN, (_m, open: string, name: string, adapter: string | undefined, close: string) => `${open}macro materialization_${name}_${adapter ?? 'default'}() ${close}`)
    .replace(MATERIALIZATION_CLOSE, (_m, open: string, close: string) => `${open}endmacro${close}`);
}

function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return source.length;
    offset = next + 1;
  }
  return offset + column;
}

/** MacroDefinitions for the top-level `{% macro %}` blocks of a parsed file. */
export function macroDefinitions(ast: NunjucksNode, source: string, originalSource: string, packageName: string, file: string): MacroDefinition[] {
  const definitions: MacroDefinition[] = [];
  for (const node of ast.children ?? []) {
    if (node.typename !== 'Macro') continue;
    const name = String((node.name as NunjucksNode).value);
    const argumentNames: string[] = [];
    for (const arg of (node.args as NunjucksNode).children ?? []) {
      if (arg.typename === 'Symbol') argumentNames.push(String(arg.value));
      else if (arg.typename === 'Dict' || arg.typename === 'KeywordArgs') for (const pair of arg.children ?? []) argumentNames.push(String((pair.key as NunjucksNode).value));
    }
    const tagOffset = offsetOf(source, node.lineno, node.colno);
    const start = Math.max(0, source.lastIndexOf('{%', tagOffset));
    const before = source.slice(0, start);
    const line = before.split('\n').length;
    const column = start - (before.lastIndexOf('\n') + 1) + 1;
    // The rewrite keeps lines and the columns of `{%`, so the same tag starts here in the original.
    const originalStart = offsetOf(originalSource, line - 1, column - 1);
    const endTag = /\{%-?\s*end(?:macro|test|materialization)\s*-?%\}/g;
    endTag.lastIndex = originalStart;
    const end = endTag.exec(originalSource);
    definitions.push({
      uniqueId: `macro.${packageName}.${name}`,
      name,
      packageName,
      originalFilePath: file,
      macroSql: originalSource.slice(originalStart, end ? end.index + end[0].length : originalSource.length),
      arguments: argumentNames,
      position: { file, line, column },
    });
  }
  return definitions;
}

const TAG = /\{#[\s\S]*?#\}|\{%-?\s*(raw|endraw|macro|endmacro)\b([\s\S]*?)-?%\}/g;

/** The argument names of a macro signature's text (`column, scale=2, *args` → column, scale). */
function signatureArguments(signature: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | undefined;
  for (const char of signature) {
    if (quote) {
      if (char === quote) quote = undefined;
      current += char;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    if (char === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else current += char;
  }
  names.push(current);
  return names
    .map((part) => part.split('=')[0].trim())
    .filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
}

/**
 * The top-level macros of a (rewritten) macro file without parsing it, for
 * files compiled only when first used: one scan over the `{% macro %}` /
 * `{% endmacro %}` tags (comments and raw blocks skipped). The definitions
 * match what macroDefinitions() reads from a parsed file.
 */
export function scanMacroDefinitions(source: string, originalSource: string, packageName: string, file: string): MacroDefinition[] {
  const definitions: MacroDefinition[] = [];
  let depth = 0;
  let inRaw = false;
  let open: { name: string; args: string[]; start: number } | undefined;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(source); match; match = TAG.exec(source)) {
    const tag = match[1];
    if (!tag) continue; // a comment
    if (inRaw) {
      if (tag === 'endraw') inRaw = false;
      continue;
    }
    if (tag === 'raw') inRaw = true;
    else if (tag === 'macro') {
      if (depth === 0) {
        const signature = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([\s\S]*)\))?\s*$/.exec(match[2]);
        if (signature) open = { name: signature[1], args: signatureArguments(signature[2] ?? ''), start: match.index };
      }
      depth++;
    } else if (tag === 'endmacro' && depth > 0) {
      depth--;
      if (depth === 0 && open) {
        const before = source.slice(0, open.start);
        const line = before.split('\n').length;
        const column = open.start - (before.lastIndexOf('\n') + 1) + 1;
        // The rewrite keeps lines and the columns of `{%`, so the same tag starts here in the original.
        const originalStart = offsetOf(originalSource, line - 1, column - 1);
        const endTag = /\{%-?\s*end(?:macro|test|materialization)\s*-?%\}/g;
        endTag.lastIndex = originalStart;
        const end = endTag.exec(originalSource);
        definitions.push({
          uniqueId: `macro.${packageName}.${open.name}`,
          name: open.name,
          packageName,
          originalFilePath: file,
          macroSql: originalSource.slice(originalStart, end ? end.index + end[0].length : originalSource.length),
          arguments: open.args,
          position: { file, line, column },
        });
        open = undefined;
      }
    }
  }
  return definitions;
}
