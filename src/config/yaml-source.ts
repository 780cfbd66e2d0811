/**
 * YAML parsed with positions: every config error points at the key or value
 * it is about, so we keep the document (nodes with offsets) next to the data.
 */
import { readFileSync } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { FloeError, type SourcePosition } from '../errors/index.js';

export type ConfigPath = ReadonlyArray<PropertyKey>;

export interface YamlSource {
  path: string;
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain data (aliases expanded). */
  data: unknown;
}

export interface ParsedYaml {
  source?: YamlSource;
  errors: FloeError[];
  warnings: FloeError[];
}

/** Read and parse a YAML file; syntax problems come back as located `FLOE_YAML` errors. */
export function readYamlFile(path: string): ParsedYaml {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      errors: [
        new FloeError(missing ? 'FLOE_CONFIG_NOT_FOUND' : 'FLOE_CONFIG_UNREADABLE', missing ? `file not found: ${path}` : `cannot read ${path}: ${(error as Error).message}`, {
          position: { file: path },
          hint: missing ? 'check the path, or run `floe init` to create one' : undefined,
        }),
      ],
      warnings: [],
    };
  }
  return parseYamlText(path, text);
}

export function parseYamlText(path: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const located = (problem: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }) => ({
    file: path,
    line: problem.linePos?.[0].line,
    column: problem.linePos?.[0].col,
  });
  const firstLine = (message: string) => message.split('\n')[0];
  const errors = document.errors.map(
    (problem) =>
      new FloeError('FLOE_YAML', `YAML syntax error: ${firstLine(problem.message)}`, {
        position: located(problem),
        hint: 'fix the YAML at this position (indentation, a missing colon or quote are the usual causes)',
      }),
  );
  const warnings = document.warnings.map(
    (problem) => new FloeError('FLOE_YAML', firstLine(problem.message), { position: located(problem), severity: 'warning' }),
  );
  if (errors.length > 0) return { errors, warnings };
  if (document.contents === null) {
    return {
      errors: [new FloeError('FLOE_CONFIG_EMPTY', `${path} is empty`, { position: { file: path, line: 1, column: 1 }, hint: 'see schemas/ for what belongs in this file' })],
      warnings,
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { errors: [new FloeError('FLOE_YAML', `YAML error: ${(error as Error).message}`, { position: { file: path } })], warnings };
  }
  return { source: { path, text, document, lineCounter, data }, errors: [], warnings };
}

function resolveNode(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.document) : node;
}

function positionOfNode(source: YamlSource, node: Node | null | undefined): SourcePosition {
  if (!node?.range) return { file: source.path };
  const { line, col } = source.lineCounter.linePos(node.range[0]);
  return { file: source.path, line, column: col };
}

/**
 * Where `path` is in the file: the key (`at: 'key'`) or the value. When the
 * path does not exist (a missing key), the nearest existing ancestor's key.
 */
export function positionOf(source: YamlSource, path: ConfigPath, at: 'key' | 'value' = 'value'): SourcePosition {
  let node: unknown = source.document.contents;
  let keyNode: Node | null = null;
  for (let index = 0; index < path.length; index++) {
    node = resolveNode(source, node);
    const segment = path[index];
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return positionOfNode(source, keyNode ?? (node as Node));
      if (last && at === 'key') return positionOfNode(source, pair.key as Node);
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      keyNode = node as Node;
    } else {
      return positionOfNode(source, keyNode ?? (node as Node));
    }
  }
  const target = (resolveNode(source, node) as Node | null) ?? keyNode;
  return positionOfNode(source, target);
}

/** The plain value at `path`, or undefined. */
export function valueAt(data: unknown, path: ConfigPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
