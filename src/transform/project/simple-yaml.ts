/**
 * A fast reader for the plain YAML that dbt property files are made of:
 * block mappings and sequences, plain and quoted one-line scalars, one-line
 * flow collections, and `|` / `>` block scalars. It returns undefined for
 * anything else (anchors, tags, multi-line plain or flow values, unusual
 * numbers, duplicate keys, …) and the caller falls back to the full `yaml`
 * parser, so it never has to be right about the hard cases — only fast on the
 * common ones. It records the same positions the full reader does.
 */
import type { SourcePosition } from '../../errors/index.js';
import type { YamlPositions } from './yaml-with-positions.js';

class Unsupported extends Error {}

interface Line {
  /** 1-based line number. */
  number: number;
  indent: number;
  /** Content after the indentation, comments not yet removed. */
  text: string;
}

const PLAIN_INT = /^[-+]?[0-9]+$/;
const PLAIN_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const KEY_LINE = /^([A-Za-z0-9_$+][^:#'"{}[\],]*?):(?:\s+|$)/;

function fail(): never {
  throw new Unsupported();
}

/** YAML 1.2 core schema for plain scalars, as the `yaml` package resolves them by default. */
function plainValue(text: string): unknown {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (PLAIN_INT.test(text)) {
    const number = Number(text);
    if (!Number.isSafeInteger(number)) fail();
    return number;
  }
  if (PLAIN_FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(text) || /^0[ox]/.test(text)) fail();
  // Characters that start other YAML constructs, or a mapping indicator inside the value.
  if (/^[&*!%@`|>'"[\]{},?]/.test(text) || text.startsWith('- ') || text === '-' || /:(\s|$)/.test(text) || text.includes(' #')) fail();
  return text;
}

function stripComment(text: string): string {
  // Only called on plain text (no quotes): a comment starts at ` #`.
  const index = text.indexOf(' #');
  return (index >= 0 ? text.slice(0, index) : text).trimEnd();
}

/** Parses one-line scalars and flow collections starting at `text[start]`. */
class InlineReader {
  index: number;
  constructor(
    private readonly text: string,
    start: number,
    private readonly line: number,
    /** Column of text[0]. */
    private readonly column: number,
    private readonly positions: YamlPositions,
  ) {
    this.index = start;
  }

  private position(): SourcePosition {
    return { file: this.positions.file, line: this.line, column: this.column + this.index };
  }

  private skipSpace(): void {
    while (this.text[this.index] === ' ') this.index++;
  }

  /** A complete value up to the end of the line (trailing comment allowed). */
  readWhole(): unknown {
    this.skipSpace();
    const char = this.text[this.index];
    let value: unknown;
    if (char === '[' || char === '{') value = this.flow();
    else if (char === '"' || char === "'") value = this.quoted();
    else return plainValue(stripComment(this.text.slice(this.index)));
    this.skipSpace();
    if (this.index < this.text.length && this.text[this.index] !== '#') fail();
    return value;
  }

  private quoted(): string {
    const quote = this.text[this.index++];
    let result = '';
    while (this.index < this.text.length) {
      const char = this.text[this.index++];
      if (quote === "'" && char === "'") {
        if (this.text[this.index] === "'") {
          result += "'";
          this.index++;
          continue;
        }
        return result;
      }
      if (quote === '"' && char === '"') return result;
      if (quote === '"' && char === '\\') {
        const next = this.text[this.index++];
        if (next === '"' || next === '\\' || next === '/') result += next;
        else if (next === 'n') result += '\n';
        else if (next === 't') result += '\t';
        else fail();
        continue;
      }
      result += char;
    }
    return fail(); // unterminated on this line: a multi-line scalar
  }

  private flow(): unknown {
    const open = this.text[this.index];
    const objectPosition = this.position();
    this.index++;
    if (open === '[') {
      const items: unknown[] = [];
      const itemPositions: SourcePosition[] = [];
      this.positions.recordObject(items, objectPosition);
      this.skipSpace();
      if (this.text[this.index] === ']') {
        this.index++;
        this.positions.recordItems(items, itemPositions);
        return items;
      }
      for (;;) {
        this.skipSpace();
        itemPositions.push(this.position());
        items.push(this.flowItem());
        this.skipSpace();
        const char = this.text[this.index++];
        if (char === ']') break;
        if (char !== ',') fail();
        this.skipSpace();
        if (this.text[this.index] === ']') {
          this.index++;
          break;
        }
      }
      this.positions.recordItems(items, itemPositions);
      return items;
    }
    const result: Record<string, unknown> = {};
    this.positions.recordObject(result, objectPosition);
    this.skipSpace();
    if (this.text[this.index] === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      const keyPosition = this.position();
      const keyChar = this.text[this.index];
      let key: string;
      if (keyChar === '"' || keyChar === "'") key = this.quoted();
      else {
        const match = /^[A-Za-z0-9_$][A-Za-z0-9_$.\- ]*?(?=\s*:)/.exec(this.text.slice(this.index));
        if (!match) fail();
        key = match[0];
        this.index += match[0].length;
      }
      this.skipSpace();
      if (this.text[this.index++] !== ':') fail();
      if (Object.prototype.hasOwnProperty.call(result, key)) fail();
      this.skipSpace();
      result[key] = this.flowItem();
      this.positions.recordKey(result, key, keyPosition);
      this.skipSpace();
      const char = this.text[this.index++];
      if (char === '}') break;
      if (char !== ',') fail();
      this.skipSpace();
      if (this.text[this.index] === '}') {
        this.index++;
        break;
      }
    }
    return result;
  }

  private flowItem(): unknown {
    const char = this.text[this.index];
    if (char === '[' || char === '{') return this.flow();
    if (char === '"' || char === "'") return this.quoted();
    const match = /^[^,\]}]*/.exec(this.text.slice(this.index)) as RegExpExecArray;
    const raw = match[0].trimEnd();
    if (raw.includes('#') || raw.includes(': ')) fail();
    this.index += raw.length;
    return plainValue(raw);
  }
}

class BlockReader {
  private index = 0;
  constructor(
    private readonly lines: Line[],
    /** Every line of the file, for block scalars (their blank and `#` lines are content). */
    private readonly rawLines: string[],
    private readonly positions: YamlPositions,
  ) {}

  private at(line: Line, column: number): SourcePosition {
    return { file: this.positions.file, line: line.number, column };
  }

  parseDocument(): unknown {
    if (this.lines.length === 0) return null;
    const value = this.block(this.lines[0].indent);
    if (this.index < this.lines.length) fail();
    return value;
  }

  /** The block starting at the current line, whose lines are indented exactly `indent`. */
  private block(indent: number): unknown {
    const line = this.lines[this.index];
    if (line.indent !== indent) fail();
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    return this.mapping(indent, undefined);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    const itemPositions: SourcePosition[] = [];
    this.positions.recordObject(items, this.at(this.lines[this.index], indent + 1));
    while (this.index < this.lines.length) {
      const line = this.lines[this.index];
      if (line.indent < indent) break;
      if (line.indent > indent) fail();
      // A key at this indent ends a sequence written at its parent key's level (`key:\n- a\nnext: …`).
      if (!(line.text === '-' || line.text.startsWith('- '))) break;
      const rest = line.text.slice(1);
      const offset = rest.length - rest.trimStart().length;
      const content = rest.trimStart();
      const contentColumn = indent + 2 + offset;
      if (content === '' || content.startsWith('#')) {
        // `-` alone: the item is the following, more indented block.
        this.index++;
        const next = this.lines[this.index];
        if (!next || next.indent <= indent) fail();
        itemPositions.push(this.at(next, next.indent + 1));
        items.push(this.block(next.indent));
        continue;
      }
      itemPositions.push(this.at(line, contentColumn));
      if (KEY_LINE.test(content) && !content.startsWith('"') && !content.startsWith("'")) {
        // `- key: value` starts a mapping whose further keys align with `key`.
        items.push(this.mapping(contentColumn - 1, content));
      } else {
        this.index++;
        items.push(this.scalarOrFlow(content, line, contentColumn, indent));
      }
    }
    this.positions.recordItems(items, itemPositions);
    return items;
  }

  /**
   * A block mapping at `indent`. When `firstText` is given, the first key is
   * on the current line after a `- ` (its text starts at column indent + 1).
   */
  private mapping(indent: number, firstText: string | undefined): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    let first = true;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index];
      let text: string;
      if (first && firstText !== undefined) text = firstText;
      else {
        if (line.indent < indent) break;
        if (line.indent > indent) fail();
        text = line.text;
        if (text === '-' || text.startsWith('- ')) break; // a sequence at the parent's level ends this mapping
      }
      const match = KEY_LINE.exec(text);
      if (!match) fail();
      const key = match[1].trimEnd();
      if (Object.prototype.hasOwnProperty.call(result, key)) fail();
      const keyPosition = this.at(line, indent + 1);
      if (first) this.positions.recordObject(result, keyPosition);
      first = false;
      const valueText = text.slice(match[0].length);
      this.index++;
      if (valueText === '' || valueText.startsWith('#')) {
        const next = this.lines[this.index];
        if (next && next.indent > indent) result[key] = this.block(next.indent);
        else if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) result[key] = this.sequence(indent);
        else result[key] = null;
      } else {
        result[key] = this.scalarOrFlow(valueText, line, indent + 1 + match[0].length, indent);
      }
      this.positions.recordKey(result, key, keyPosition);
    }
    return result;
  }

  /** A value written after `key: ` or `- ` (already advanced past its line). */
  private scalarOrFlow(text: string, line: Line, column: number, parentIndent: number): unknown {
    if (/^[|>][-+]?\s*(#.*)?$/.test(text)) return this.blockScalar(line, text[0] === '|', text[1] === '-' ? 'strip' : text[1] === '+' ? 'keep' : 'clip', parentIndent);
    // A more indented line after a scalar would continue it (a multi-line plain scalar).
    const next = this.lines[this.index];
    if (next && next.indent > parentIndent) fail();
    const reader = new InlineReader(text, 0, line.number, column, this.positions);
    return reader.readWhole();
  }

  private blockScalar(header: Line, literal: boolean, chomping: 'strip' | 'clip' | 'keep', parentIndent: number): string {
    if (chomping === 'keep') fail();
    const texts: string[] = [];
    let blockIndent = -1;
    let lastLine = header.number;
    for (let i = header.number; i < this.rawLines.length; i++) {
      const raw = this.rawLines[i].trimEnd();
      if (raw === '') {
        texts.push('');
        continue;
      }
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      if (indent <= parentIndent) break;
      if (blockIndent < 0) blockIndent = indent;
      if (indent < blockIndent) fail();
      // Folding keeps more-indented lines as they are; leave that to the full parser.
      if (!literal && indent > blockIndent) fail();
      texts.push(raw.slice(blockIndent));
      lastLine = i + 1;
    }
    // Blank lines after the last content line belong to no one (clip/strip drop them).
    texts.length = lastLine - header.number;
    while (this.index < this.lines.length && this.lines[this.index].number <= lastLine) this.index++;
    if (texts.length === 0) return '';
    let text: string;
    if (literal) text = texts.join('\n');
    else {
      text = texts[0];
      for (let i = 1; i < texts.length; i++) {
        if (texts[i] === '') text += '\n';
        else text += texts[i - 1] === '' ? texts[i] : ` ${texts[i]}`;
      }
    }
    return chomping === 'strip' ? text : `${text}\n`;
  }
}

/** Fast path; undefined means "not in the simple subset, use the full parser". */
export function parseSimpleYaml(text: string, positions: YamlPositions): { value: unknown } | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const lines: Line[] = [];
  const rawLines = text.split('\n');
  let number = 0;
  for (const raw of rawLines) {
    number++;
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    const content = raw.slice(indent);
    if (content === '' || content.startsWith('#')) continue;
    if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || content.startsWith('%'))) return undefined;
    lines.push({ number, indent, text: content.trimEnd() });
  }
  try {
    return { value: new BlockReader(lines, rawLines, positions).parseDocument() };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
