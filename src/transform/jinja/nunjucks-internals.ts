/**
 * Typed access to the parts of nunjucks 3.2.4 we build on. The public typings
 * (`@types/nunjucks`) cover only the Environment API; the renderer also drives
 * the lexer, parser, transformer and compiler directly so that it can emit its
 * own runtime calls (Python truthiness, `return()`, call-site positions).
 */
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);

/** A nunjucks AST node (untyped JS objects; only the fields we touch are listed). */
export interface NunjucksNode {
  typename: string;
  lineno: number;
  colno: number;
  children?: NunjucksNode[];
  [field: string]: unknown;
}

export interface NunjucksFrame {
  set(name: string, value: unknown, resolveUp?: boolean): void;
  lookup(name: string): unknown;
  topLevel: boolean;
}

export interface NunjucksRuntime {
  Frame: new (parent?: NunjucksFrame, isolateWrites?: boolean) => NunjucksFrame;
  SafeString: new (value: string) => { val: string; length: number };
  makeMacro(argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown;
  memberLookup(obj: unknown, key: unknown, ...slice: unknown[]): unknown;
  suppressValue(value: unknown, autoescape: boolean): unknown;
  [name: string]: unknown;
}

/** The subset of nunjucks' Compiler we call or override per instance. */
export interface NunjucksCompiler {
  compile(node: NunjucksNode, frame?: unknown): void;
  getCode(): string;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _emitLines(...lines: string[]): void;
  _compileExpression(node: NunjucksNode, frame: unknown): void;
  _compileAggregate(node: NunjucksNode, frame: unknown, start: string, end: string): void;
  _getNodeName(node: NunjucksNode): string;
  _withScopedSyntax(work: () => void): void;
  _pushBuffer(): string;
  _popBuffer(): void;
  _tmpid(): string;
  _closeScopeLevels(): void;
  assertType(node: NunjucksNode, ...types: unknown[]): void;
  buffer: string | null;
  [method: string]: unknown;
}

export interface NunjucksParser {
  extensions: unknown[];
  parseAsRoot(): NunjucksNode;
  peekToken(): { type: string; value: string; lineno: number; colno: number };
  nextToken(): { type: string; value: string; lineno: number; colno: number };
  skipSymbol(name: string): boolean;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  parsePrimary(): NunjucksNode | null;
  parsePostfix(node: NunjucksNode): NunjucksNode;
  parseExpression(): NunjucksNode;
  parseUntilBlocks(...names: string[]): NunjucksNode;
  advanceAfterBlockEnd(name?: string): void;
  fail(message: string, lineno?: number, colno?: number): never;
  [method: string]: unknown;
}

type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => NunjucksNode;

export const nunjucksRuntime = require('nunjucks/src/runtime.js') as NunjucksRuntime;
export const nunjucksLexer = require('nunjucks/src/lexer.js') as {
  lex(source: string, options: Record<string, unknown>): unknown;
  TOKEN_OPERATOR: string;
  TOKEN_BLOCK_END: string;
  TOKEN_COMMA: string;
};
export const nunjucksParserModule = require('nunjucks/src/parser.js') as {
  Parser: new (tokens: unknown) => NunjucksParser;
};
export const nunjucksCompilerModule = require('nunjucks/src/compiler.js') as {
  Compiler: new (templateName: string, throwOnUndefined: boolean) => NunjucksCompiler;
};
export const nunjucksTransformer = require('nunjucks/src/transformer.js') as {
  transform(ast: NunjucksNode, asyncFilters: string[], name: string): NunjucksNode;
};
export const nunjucksNodes = require('nunjucks/src/nodes.js') as Record<string, NodeClass> & {
  Node: { extend(name: string, props: Record<string, unknown>): NodeClass };
};

let compatInstalled = false;
/** nunjucks' own Jinja compatibility layer (slices, True/False/None, list/dict methods). Global and idempotent. */
export function ensureJinjaCompat(): void {
  if (compatInstalled) return;
  nunjucks.installJinjaCompat();
  compatInstalled = true;
}

