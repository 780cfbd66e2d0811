/**
 * Source text → JavaScript, through nunjucks' own lexer, parser and compiler,
 * with a few compiler methods replaced on the instance (nothing global) so the
 * generated code calls our runtime helpers (`floe.*`, see template-runtime.ts):
 * - every call goes through `floe.call(line, column, …)`, which knows its
 *   source position (for error messages and `ref()` positions);
 * - every macro body restores its frame in `finally` and is wrapped by
 *   `floe.makeMacro`, which turns a thrown `return()` signal into the value;
 * - `if`, `not`, `and`, `or` use Python truthiness; `%` is Python formatting;
 *   `~` prints values as Python's `str()` does.
 */
import type nunjucks from 'nunjucks';
import {
  nunjucksCompilerModule,
  nunjucksLexer,
  nunjucksNodes,
  nunjucksParserModule,
  nunjucksRuntime,
  nunjucksTransformer,
  type NunjucksCompiler,
  type NunjucksNode,
  type NunjucksParser,
} from './nunjucks-internals.js';
import { installJinja2Compiling, installJinja2Parsing, pythonStringLiterals, separateClosingBraces } from './jinja2-syntax.js';

/** The extension that implements `{% do %}`; also used to compile `{% set ns.attr = value %}`. */
export const DO_EXTENSION_NAME = 'FloeDo';
/** Global used by `{% set ns.attr = value %}`. */
export const SET_ATTRIBUTE_GLOBAL = '__floe_setattr';
/** Global used by `{% for x in items if condition %}`: `(items, test, arity) → filtered items`. */
export const LOOP_FILTER_GLOBAL = '__floe_loop_filter';

interface EnvironmentInternals {
  extensionsList: unknown[];
  asyncFilters: string[];
  opts: Record<string, unknown>;
  getExtension(name: string): unknown;
}

/** Parse a template (throws nunjucks' TemplateError with 1-based positions on syntax errors). */
export function parseTemplate(source: string, env: nunjucks.Environment): NunjucksNode {
  const internals = env as unknown as EnvironmentInternals;
  const tokens = nunjucksLexer.lex(separateClosingBraces(source), internals.opts);
  pythonStringLiterals(tokens);
  const parser = new nunjucksParserModule.Parser(tokens);
  parser.extensions = internals.extensionsList;
  parser.parseSet = parseSet;
  installJinja2Parsing(parser);
  const root = parser.parseAsRoot();
  // Set, For and Block nodes come only from their tags: without those words there is nothing to rewrite.
  if (!MAY_NEED_REWRITE.test(source)) return root;
  const extension = internals.getExtension(DO_EXTENSION_NAME);
  let hasBlocks = false;
  // One walk for every rewrite (this runs once per template, on the parse path).
  const rewritten = mapNodes(root, (node) => {
    if (node.typename === 'Set') return rewriteAttributeAssignment(node, extension);
    if (node.typename === 'For') return rewriteLoopFilter(node);
    if (node.typename === 'Block') hasBlocks = true;
    return node;
  });
  if (hasBlocks) rewritten[NEEDS_TRANSFORM] = true;
  return rewritten;
}

const MAY_NEED_REWRITE = /\b(?:set|for|block)\b/;

/** Set on a parsed root that uses `{% block %}` (nunjucks' transformer must then lift `super()`). */
const NEEDS_TRANSFORM = '__floeNeedsTransform';

/**
 * nunjucks 3.2.4's parseSet with one fix: `{%- set x -%}…{% endset %}` must
 * strip the whitespace after `-%}` (nunjucks skips that block end without
 * honouring its `-`, so dbt's get_where_subquery rendered with a leading newline).
 */
function parseSet(this: NunjucksParser): NunjucksNode {
  const tag = this.peekToken();
  if (!this.skipSymbol('set')) this.fail('parseSet: expected set', tag.lineno, tag.colno);
  const node = new nunjucksNodes.Set(tag.lineno, tag.colno, []);
  const targets = node.targets as NunjucksNode[];
  let target: NunjucksNode | null;
  while ((target = this.parsePrimary())) {
    targets.push(target);
    if (!this.skip(nunjucksLexer.TOKEN_COMMA)) break;
  }
  if (!this.skipValue(nunjucksLexer.TOKEN_OPERATOR, '=')) {
    const end = this.nextToken();
    if (!end || end.type !== nunjucksLexer.TOKEN_BLOCK_END) this.fail('parseSet: expected = or block end in set tag', tag.lineno, tag.colno);
    if (end.value.charAt(0) === '-') (this as unknown as { dropLeadingWhitespace: boolean }).dropLeadingWhitespace = true;
    node.body = new nunjucksNodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
    node.value = null;
    this.advanceAfterBlockEnd();
  } else {
    node.value = this.parseExpression();
    this.advanceAfterBlockEnd(tag.value);
  }
  return node;
}

/** JavaScript source of the template's module (`function root(…) {…} return { root };`). */
export function compileTemplate(ast: NunjucksNode, file: string, env: nunjucks.Environment): string {
  const internals = env as unknown as EnvironmentInternals;
  // nunjucks' transformer only rewrites async filters/extensions (we have none) and block super() calls.
  const transformed = ast[NEEDS_TRANSFORM] ? nunjucksTransformer.transform(ast, internals.asyncFilters, file) : ast;
  const compiler = new nunjucksCompilerModule.Compiler(file, false);
  installCompilerOverrides(compiler);
  installJinja2Compiling(compiler);
  compiler.compile(transformed);
  return compiler.getCode();
}

function isNode(value: unknown): value is NunjucksNode {
  return typeof value === 'object' && value !== null && typeof (value as NunjucksNode).typename === 'string';
}

/** Visit every node (depth first), letting `replace` swap a node for another. */
function mapNodes(node: NunjucksNode, replace: (node: NunjucksNode) => NunjucksNode): NunjucksNode {
  const fields = (node as unknown as { fields: string[] }).fields ?? [];
  for (const field of fields) {
    const value = node[field];
    if (isNode(value)) node[field] = mapNodes(value, replace);
  }
  if (Array.isArray(node.children)) node.children = node.children.map((child) => (isNode(child) ? mapNodes(child, replace) : child));
  return replace(node);
}

/** `{% set ns.attr = value %}` (Jinja2's namespace assignment) becomes `{% do __floe_setattr(ns, "attr", value) %}`. */
function rewriteAttributeAssignment(node: NunjucksNode, extension: unknown): NunjucksNode {
  const targets = node.targets as NunjucksNode[];
  if (!targets.some((t) => t.typename === 'LookupVal')) return node;
  // `{% set ns.attr %}…{% endset %}`: the captured text is the value.
  const value = (node.value ?? node.body) as NunjucksNode | null;
  if (targets.length !== 1 || !value) {
    const error = new Error('can only assign one attribute, with `{% set ns.attr = value %}`') as Error & { lineno: number; colno: number };
    error.lineno = node.lineno + 1;
    error.colno = node.colno + 1;
    throw error;
  }
  const target = targets[0];
  const { Symbol: SymbolNode, NodeList, FunCall, CallExtension } = nunjucksNodes;
  const callee = new SymbolNode(node.lineno, node.colno, SET_ATTRIBUTE_GLOBAL);
  const call = new FunCall(node.lineno, node.colno, callee, new NodeList(node.lineno, node.colno, [target.target, target.val, value]));
  const CallExtensionNode = CallExtension as unknown as new (ext: unknown, prop: string, args: unknown, contentArgs: unknown) => NunjucksNode;
  const replacement = new CallExtensionNode(extension, 'run', new NodeList(node.lineno, node.colno, [call]), null);
  replacement.lineno = node.lineno;
  replacement.colno = node.colno;
  return replacement;
}

/**
 * `{% for x in items if cond %}` (Jinja2's loop filter; nunjucks reads it as an
 * inline if without else, i.e. an empty loop) becomes a loop over
 * `__floe_loop_filter(items, caller(x) → '1' if cond, arity)`, so `loop.*`
 * count the filtered items as in Jinja2.
 */
function rewriteLoopFilter(node: NunjucksNode): NunjucksNode {
  const arr = node.arr as NunjucksNode;
  if (arr.typename !== 'InlineIf' || (arr.else_ !== null && arr.else_ !== undefined)) return node;
  const { lineno: l, colno: c } = arr;
  const { Symbol: SymbolNode, NodeList, FunCall, Caller, Output, InlineIf, Literal } = nunjucksNodes;
  const target = node.name as NunjucksNode;
  const names = target.typename === 'Array' ? (target.children ?? []) : [target];
  const args = new NodeList(l, c, names.map((n) => new SymbolNode(l, c, n.value)));
  const test = new InlineIf(l, c, arr.cond, new Literal(l, c, '1'), new Literal(l, c, ''));
  const caller = new Caller(l, c, new SymbolNode(l, c, 'caller'), args, new NodeList(l, c, [new Output(l, c, [test])]));
  node.arr = new FunCall(l, c, new SymbolNode(l, c, LOOP_FILTER_GLOBAL), new NodeList(l, c, [arr.body, caller, new Literal(l, c, names.length)]));
  return node;
}

/** Whether `names` are read anywhere under `node` (as plain variables). */
function mentionsSymbol(node: NunjucksNode, names: string[]): boolean {
  let found = false;
  mapNodes(node, (child) => {
    if (child.typename === 'Symbol' && names.includes(String(child.value))) found = true;
    return child;
  });
  return found;
}

/** Where a call starts: the leftmost token of the callee (`adapter` in `adapter.dispatch(…)`), 0-based. */
export function calleeStart(node: NunjucksNode): { lineno: number; colno: number } {
  let current = node;
  while (current.typename === 'LookupVal' || current.typename === 'FunCall') {
    current = (current.typename === 'LookupVal' ? current.target : current.name) as NunjucksNode;
  }
  return { lineno: current.lineno, colno: current.colno };
}

/** The callee as the user wrote it (`result.columns[3].values`), for error messages; undefined for anything unusual. */
export function calleeName(node: NunjucksNode): string | undefined {
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename !== 'LookupVal') return undefined;
  const target = calleeName(node.target as NunjucksNode);
  const key = node.val as NunjucksNode;
  if (target === undefined || key.typename !== 'Literal') return undefined;
  if (typeof key.value === 'number') return `${target}[${key.value}]`;
  return /^[A-Za-z_]\w*$/.test(String(key.value)) ? `${target}.${String(key.value)}` : `${target}[${JSON.stringify(key.value)}]`;
}

/** nunjucks' own name for a callee in error messages (when calleeName has none). */
export function nodeNameForErrors(node: NunjucksNode): string {
  const prototype = (nunjucksCompilerModule.Compiler as unknown as { prototype: NunjucksCompiler }).prototype;
  return String(prototype._getNodeName.call(prototype, node));
}

/** nunjucks' compile-time scope (runtime.Frame, holding JS variable ids). */
interface CompileFrame {
  parent?: CompileFrame | null;
  lookup(name: string): unknown;
}

function installCompilerOverrides(compiler: NunjucksCompiler): void {
  const c = compiler as NunjucksCompiler & Record<string, unknown>;
  type Frame = unknown;

  c.compileFunCall = function compileFunCall(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    const start = calleeStart(node.name as NunjucksNode);
    this._emit(`(lineno = ${start.lineno}, colno = ${start.colno}, floe.call(${start.lineno}, ${start.colno}, `);
    this._compileExpression(node.name as NunjucksNode, frame);
    this._emit(', ' + JSON.stringify(calleeName(node.name as NunjucksNode) ?? this._getNodeName(node.name as NunjucksNode)) + ', context, ');
    this._compileAggregate(node.args as NunjucksNode, frame, '[', '])');
    this._emit(')');
  };

  // Filters report errors at their own position (and unknown filters too).
  c.compileFilter = function compileFilter(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    const name = node.name as NunjucksNode;
    this.assertType(name, nunjucksNodes.Symbol);
    this._emit(`floe.filter(env, ${name.lineno}, ${name.colno}, "${String(name.value)}", context, `);
    this._compileAggregate(node.args as NunjucksNode, frame, '[', ']');
    this._emit(')');
  };

  c._emitFuncEnd = function emitFuncEnd(this: NunjucksCompiler, noReturn: boolean): void {
    if (!noReturn) this._emitLine('cb(null, ' + this.buffer + ');');
    this._closeScopeLevels();
    this._emitLine('} catch (e) {');
    this._emitLine('  cb(floe.rootError(e, lineno, colno));');
    this._emitLine('}');
    this._emitLine('}');
    this.buffer = null;
  };

  // A copy of nunjucks 3.2.4's _compileMacro with two changes: the body runs
  // in try/finally so the caller's frame is restored when `return()` throws,
  // and the function is wrapped by floe.makeMacro instead of runtime.makeMacro.
  c._compileMacro = function compileMacro(this: NunjucksCompiler, node: NunjucksNode, frame?: { push(isolate: boolean): unknown; set(name: string, value: string): void }): string {
    const args: NunjucksNode[] = [];
    let kwargs: NunjucksNode | null = null;
    const funcId = 'macro_' + this._tmpid();
    const keepFrame = frame !== undefined;
    const argChildren = (node.args as NunjucksNode).children ?? [];
    argChildren.forEach((arg, i) => {
      if (i === argChildren.length - 1 && arg instanceof nunjucksNodes.Dict) kwargs = arg;
      else {
        this.assertType(arg, nunjucksNodes.Symbol);
        args.push(arg);
      }
    });
    const keywordChildren = (kwargs as NunjucksNode | null)?.children ?? [];
    const realNames = [...args.map((n) => `l_${String(n.value)}`), 'kwargs'];
    const argNames = args.map((n) => `"${String(n.value)}"`);
    const kwargNames = keywordChildren.map((n) => `"${String((n.key as NunjucksNode).value)}"`);
    // nunjucks' compiler tracks compile-time scopes with runtime.Frame too.
    const currFrame = keepFrame ? (frame as { push(isolate: boolean): unknown }).push(true) : new nunjucksRuntime.Frame();
    this._emitLines(
      `var ${funcId} = floe.makeMacro(`,
      `[${argNames.join(', ')}], `,
      `[${kwargNames.join(', ')}], `,
      `function (${realNames.join(', ')}) {`,
      'var callerFrame = frame;',
      'frame = ' + (keepFrame ? 'frame.push(true);' : 'new runtime.Frame();'),
      'try {',
      'kwargs = kwargs || {};',
      'if (Object.prototype.hasOwnProperty.call(kwargs, "caller")) {',
      'frame.set("caller", kwargs.caller); }',
    );
    for (const arg of args) {
      this._emitLine(`frame.set("${String(arg.value)}", l_${String(arg.value)});`);
      (currFrame as { set(name: string, value: string): void }).set(String(arg.value), `l_${String(arg.value)}`);
    }
    for (const pair of keywordChildren) {
      const name = String((pair.key as NunjucksNode).value);
      this._emit(`frame.set("${name}", `);
      this._emit(`Object.prototype.hasOwnProperty.call(kwargs, "${name}")`);
      this._emit(` ? kwargs["${name}"] : `);
      this._compileExpression(pair.value as NunjucksNode, currFrame);
      this._emit(');');
    }
    // Jinja2's `varargs` / `kwargs` inside a macro: the extra arguments it was called with.
    if (mentionsSymbol(node.body as NunjucksNode, ['varargs', 'kwargs'])) {
      const declared = JSON.stringify([...args.map((a) => String(a.value)), ...keywordChildren.map((p) => String((p.key as NunjucksNode).value))]);
      this._emitLine(`frame.set("varargs", floe.extraPositional(kwargs)); frame.set("kwargs", floe.extraKeywords(kwargs, ${declared}));`);
    }
    const bufferId = this._pushBuffer();
    this._withScopedSyntax(() => {
      this.compile(node.body as NunjucksNode, currFrame);
    });
    this._emitLine(`return ${bufferId};`);
    this._emitLine('} finally { frame = callerFrame; }');
    this._emitLine('});');
    this._popBuffer();
    return funcId;
  };

  // Jinja2 scoping: `{% set %}` inside a loop (or call/capture block) assigns a
  // variable of that block and never changes the outer one (use namespace()
  // for that). nunjucks would assign the outer variable.
  c.compileSet = function compileSet(this: NunjucksCompiler, node: NunjucksNode, frame: CompileFrame): void {
    const inBlock = frame.parent !== undefined && frame.parent !== null;
    const ids: string[] = [];
    for (const target of node.targets as NunjucksNode[]) {
      const name = String(target.value);
      let id = frame.lookup(name) as string | null | undefined;
      if (id === null || id === undefined) {
        id = this._tmpid();
        this._emitLine(`var ${id};`);
      }
      ids.push(id);
    }
    this._emit(ids.join(' = ') + ' = ');
    if (node.value) this._compileExpression(node.value as NunjucksNode, frame);
    else this.compile(node.body as NunjucksNode, frame);
    this._emitLine(';');
    (node.targets as NunjucksNode[]).forEach((target, i) => {
      const id = ids[i];
      const name = String(target.value);
      this._emitLine(`frame.set("${name}", ${id}${inBlock ? '' : ', true'});`);
      this._emitLine('if(frame.topLevel) {');
      this._emitLine(`context.setVariable("${name}", ${id});`);
      this._emitLine('}');
      if (name.charAt(0) !== '_') {
        this._emitLine('if(frame.topLevel) {');
        this._emitLine(`context.addExport("${name}", ${id});`);
        this._emitLine('}');
      }
    });
  };

  c.compileMul = function compileMul(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('floe.mul(');
    this.compile(node.left as NunjucksNode, frame);
    this._emit(', ');
    this.compile(node.right as NunjucksNode, frame);
    this._emit(')');
  };

  c.compileIf = function compileIf(this: NunjucksCompiler, node: NunjucksNode, frame: Frame, isAsync?: boolean): void {
    this._emit('if(floe.truthy(');
    this._compileExpression(node.cond as NunjucksNode, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => {
      this.compile(node.body as NunjucksNode, frame);
      if (isAsync) this._emit('cb()');
    });
    if (node.else_) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => {
        this.compile(node.else_ as NunjucksNode, frame);
        if (isAsync) this._emit('cb()');
      });
    } else if (isAsync) {
      this._emitLine('}\nelse {');
      this._emit('cb()');
    }
    this._emitLine('}');
  };

  c.compileInlineIf = function compileInlineIf(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('(floe.truthy(');
    this.compile(node.cond as NunjucksNode, frame);
    this._emit(')?');
    this.compile(node.body as NunjucksNode, frame);
    this._emit(':');
    if (node.else_ !== null && node.else_ !== undefined) this.compile(node.else_ as NunjucksNode, frame);
    else this._emit('undefined');
    this._emit(')');
  };

  c.compileNot = function compileNot(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('!floe.truthy(');
    this.compile(node.target as NunjucksNode, frame);
    this._emit(')');
  };

  // Python's `a or b` / `a and b` return an operand, decided by truthiness.
  // One scratch slot is enough: the operand is tested and read before anything else runs.
  c.compileOr = function compileOr(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('((floe.t = ');
    this.compile(node.left as NunjucksNode, frame);
    this._emit('), floe.truthy(floe.t) ? floe.t : (');
    this.compile(node.right as NunjucksNode, frame);
    this._emit('))');
  };

  c.compileAnd = function compileAnd(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('((floe.t = ');
    this.compile(node.left as NunjucksNode, frame);
    this._emit('), !floe.truthy(floe.t) ? floe.t : (');
    this.compile(node.right as NunjucksNode, frame);
    this._emit('))');
  };

  // `(a, b)` is a Python tuple (nunjucks would evaluate it as JavaScript's comma operator).
  c.compileGroup = function compileGroup(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    const children = node.children ?? [];
    if (children.length > 1) this._compileAggregate(node, frame, 'floe.tuple(', ')');
    else this._compileAggregate(node, frame, '(', ')');
  };

  c.compileMod = function compileMod(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('floe.mod(');
    this.compile(node.left as NunjucksNode, frame);
    this._emit(', ');
    this.compile(node.right as NunjucksNode, frame);
    this._emit(')');
  };

  c.compileConcat = function compileConcat(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('(floe.str(');
    this.compile(node.left as NunjucksNode, frame);
    this._emit(') + floe.str(');
    this.compile(node.right as NunjucksNode, frame);
    this._emit('))');
  };
}

