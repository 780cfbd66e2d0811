/**
 * YAML → plain values, remembering where every mapping, sequence, key and
 * item came from, so later checks can name file:line:column without keeping
 * YAML node objects around.
 */
import { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { FloeError, type SourcePosition } from '../../errors/index.js';
import { parseSimpleYaml } from './simple-yaml.js';

export class YamlPositions {
  private readonly objects = new WeakMap<object, SourcePosition>();
  private readonly keys = new WeakMap<object, Map<string, SourcePosition>>();
  private readonly items = new WeakMap<object, SourcePosition[]>();

  constructor(readonly file: string) {}

  /** Where a mapping or sequence starts (falls back to the file). */
  of(value: unknown): SourcePosition {
    if (value !== null && typeof value === 'object') return this.objects.get(value) ?? { file: this.file };
    return { file: this.file };
  }

  /** Where `key` is written inside `mapping` (falls back to the mapping). */
  key(mapping: unknown, key: string): SourcePosition {
    if (mapping !== null && typeof mapping === 'object') {
      const position = this.keys.get(mapping)?.get(key);
      if (position) return position;
    }
    return this.of(mapping);
  }

  /** Where item `index` of a sequence is written. */
  item(sequence: unknown, index: number): SourcePosition {
    if (Array.isArray(sequence)) return this.items.get(sequence)?.[index] ?? this.of(sequence);
    return this.of(sequence);
  }

  /** @internal */ recordObject(value: object, position: SourcePosition): void {
    this.objects.set(value, position);
  }
  /** @internal */ recordKey(mapping: object, key: string, position: SourcePosition): void {
    let map = this.keys.get(mapping);
    if (!map) this.keys.set(mapping, (map = new Map()));
    map.set(key, position);
  }
  /** @internal */ recordItems(sequence: object, positions: SourcePosition[]): void {
    this.items.set(sequence, positions);
  }
}

export interface LoadedYaml {
  /** The document as plain JS values (undefined for an empty file). */
  value: unknown;
  positions: YamlPositions;
}

/**
 * Parse one YAML file. Syntax errors are pushed to `errors` as located
 * `FLOE_YAML` errors and the value is undefined.
 */
export function loadYaml(text: string, file: string, errors: FloeError[]): LoadedYaml {
  // Most property files are plain enough for the fast reader; anything else goes to the full parser.
  const fastPositions = new YamlPositions(file);
  const fast = parseSimpleYaml(text, fastPositions);
  if (fast) return { value: fast.value, positions: fastPositions };
  return loadYamlFully(text, file, errors);
}

/** The full YAML 1.2 parser (the `yaml` package), also the reference the fast reader is tested against. */
export function loadYamlFully(text: string, file: string, errors: FloeError[]): LoadedYaml {
  const lineCounter = new LineCounter();
  const positions = new YamlPositions(file);
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const at = lineCounter.linePos(error.pos[0]);
      errors.push(
        new FloeError('FLOE_YAML', `invalid YAML: ${firstLine(error.message)}`, {
          position: { file, line: at.line, column: at.col },
          hint: 'check the indentation and quoting around this line',
        }),
      );
    }
    return { value: undefined, positions };
  }
  const at = (offset: number | undefined): SourcePosition => {
    if (offset === undefined) return { file };
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const convert = (node: Node | null | undefined): unknown => toPlain(node, document, positions, at);
  return { value: convert(document.contents as Node | null), positions };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function toPlain(
  node: Node | null | undefined,
  document: Document,
  positions: YamlPositions,
  at: (offset: number | undefined) => SourcePosition,
): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toPlain(node.resolve(document) as Node | undefined, document, positions, at);
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    positions.recordObject(result, at(node.range?.[0]));
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(toPlain(keyNode, document, positions, at));
      const value = toPlain(pair.value as Node | null, document, positions, at);
      if (key === '<<' && value !== null && typeof value === 'object') {
        // YAML merge key: earlier explicit keys win, as in YAML 1.1.
        const sources = Array.isArray(value) ? value : [value];
        for (const source of sources) {
          if (source === null || typeof source !== 'object') continue;
          for (const [k, v] of Object.entries(source as Record<string, unknown>)) if (!(k in result)) result[k] = v;
        }
        continue;
      }
      result[key] = value;
      positions.recordKey(result, key, at(keyNode?.range?.[0]));
    }
    return result;
  }
  if (isSeq(node)) {
    const result: unknown[] = [];
    const itemPositions: SourcePosition[] = [];
    positions.recordObject(result, at(node.range?.[0]));
    for (const item of node.items) {
      const itemNode = item as Node | null;
      itemPositions.push(at(itemNode?.range?.[0]));
      result.push(toPlain(itemNode, document, positions, at));
    }
    positions.recordItems(result, itemPositions);
    return result;
  }
  return null;
}

/** True for a plain mapping (not null, not an array). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
