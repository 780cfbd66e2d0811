/**
 * A fast path like dbt's own "static parser": most models are plain SQL with
 * `{{ ref('x') }}`, `{{ source('a', 'b') }}` and `{{ config(k=literal) }}`.
 * Those are read without running the template engine; anything else (a `{%`
 * block, a filter, another function) returns undefined and the caller renders
 * the model with Jinja.
 */
import type { RefCall } from '../types.js';

export interface StaticExtraction {
  refs: RefCall[];
  sources: Array<{ sourceName: string; tableName: string; line: number; column: number }>;
  configs: Array<Record<string, unknown>>;
}

const EXPRESSION = /\{\{-?([\s\S]*?)-?\}\}/g;

export function extractStatically(source: string, file: string): StaticExtraction | undefined {
  if (source.includes('{%')) return undefined;
  const text = source.includes('{#') ? blankComments(source) : source;
  const result: StaticExtraction = { refs: [], sources: [], configs: [] };
  let lineStarts: number[] | undefined;
  const positionOf = (offset: number): { line: number; column: number } => {
    lineStarts ??= computeLineStarts(text);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
  for (const match of text.matchAll(EXPRESSION)) {
    const inner = match[1];
    const parser = new LiteralParser(inner);
    parser.skipSpace();
    const name = parser.identifier();
    if (name === undefined || !parser.consume('(')) return undefined;
    const call = parser.callArguments();
    parser.skipSpace();
    if (!call || !parser.atEnd()) return undefined;
    const offset = (match.index ?? 0) + match[0].indexOf(name);
    if (name === 'ref') {
      const { positional, keywords } = call;
      if (positional.length < 1 || positional.length > 2 || !positional.every((p) => typeof p === 'string')) return undefined;
      const extra = Object.keys(keywords).filter((k) => k !== 'v' && k !== 'version');
      if (extra.length > 0) return undefined;
      const version = (keywords.version ?? keywords.v) as string | number | undefined;
      const at = positionOf(offset);
      const ref: RefCall = positional.length === 2
        ? { package: positional[0] as string, name: positional[1] as string, position: { file, ...at } }
        : { name: positional[0] as string, position: { file, ...at } };
      if (version !== undefined) ref.version = version;
      result.refs.push(ref);
    } else if (name === 'source') {
      const { positional, keywords } = call;
      if (positional.length !== 2 || Object.keys(keywords).length > 0 || !positional.every((p) => typeof p === 'string')) return undefined;
      result.sources.push({ sourceName: positional[0] as string, tableName: positional[1] as string, ...positionOf(offset) });
    } else if (name === 'config') {
      if (call.positional.length > 0) return undefined;
      result.configs.push(call.keywords);
    } else {
      return undefined;
    }
  }
  return result;
}

function blankComments(source: string): string {
  // Keep offsets stable so line/column stay right.
  return source.replace(/\{#[\s\S]*?#\}/g, (comment) => comment.replace(/[^\n]/g, ' '));
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

const FAIL = Symbol('not a literal');

/** Parses the Python/Jinja literal subset used in static calls. */
class LiteralParser {
  private index = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  skipSpace(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index])) this.index++;
  }

  consume(char: string): boolean {
    this.skipSpace();
    if (this.text[this.index] === char) {
      this.index++;
      return true;
    }
    return false;
  }

  identifier(): string | undefined {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.index));
    if (!match) return undefined;
    this.index += match[0].length;
    return match[0];
  }

  callArguments(): { positional: unknown[]; keywords: Record<string, unknown> } | undefined {
    const positional: unknown[] = [];
    const keywords: Record<string, unknown> = {};
    if (this.consume(')')) return { positional, keywords };
    for (;;) {
      this.skipSpace();
      const save = this.index;
      const key = this.identifier();
      if (key !== undefined && this.consume('=') && this.text[this.index] !== '=') {
        const value = this.literal();
        if (value === FAIL) return undefined;
        keywords[key] = value;
      } else {
        this.index = save;
        if (Object.keys(keywords).length > 0) return undefined;
        const value = this.literal();
        if (value === FAIL) return undefined;
        positional.push(value);
      }
      if (this.consume(')')) return { positional, keywords };
      if (!this.consume(',')) return undefined;
      if (this.consume(')')) return { positional, keywords };
    }
  }

  literal(): unknown {
    this.skipSpace();
    const char = this.text[this.index];
    if (char === "'" || char === '"') return this.string(char);
    if (char === '[' || char === '(') {
      const close = char === '[' ? ']' : ')';
      this.index++;
      const items: unknown[] = [];
      if (this.consume(close)) return items;
      for (;;) {
        const item = this.literal();
        if (item === FAIL) return FAIL;
        items.push(item);
        if (this.consume(close)) return items;
        if (!this.consume(',')) return FAIL;
        if (this.consume(close)) return items;
      }
    }
    if (char === '{') {
      this.index++;
      const result: Record<string, unknown> = {};
      if (this.consume('}')) return result;
      for (;;) {
        const key = this.literal();
        if (typeof key !== 'string' || !this.consume(':')) return FAIL;
        const value = this.literal();
        if (value === FAIL) return FAIL;
        result[key] = value;
        if (this.consume('}')) return result;
        if (!this.consume(',')) return FAIL;
        if (this.consume('}')) return result;
      }
    }
    const number = /^-?\d+(\.\d+)?(?![A-Za-z_])/.exec(this.text.slice(this.index));
    if (number) {
      this.index += number[0].length;
      return Number(number[0]);
    }
    const word = this.identifier();
    if (word === 'true' || word === 'True') return true;
    if (word === 'false' || word === 'False') return false;
    if (word === 'none' || word === 'None') return null;
    return FAIL;
  }

  private string(quote: string): unknown {
    let value = '';
    this.index++;
    while (this.index < this.text.length) {
      const char = this.text[this.index++];
      if (char === quote) return value;
      if (char === '\\') {
        const next = this.text[this.index++];
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else value += char;
    }
    return FAIL;
  }
}
