/**
 * Jinja2 syntax nunjucks 3.2.4 reads differently or not at all, fixed on the
 * parser and compiler instances (nothing global):
 * - trailing commas in calls, lists, dicts and tuples (`f(a, b,)`, `(a,)` is a tuple);
 * - `*args` and `**kwargs` at call sites;
 * - dict keys that are expressions (`{name: v}` uses the variable, `{a.b(): v}`);
 * - `{% set ns.attr %}…{% endset %}` (see template-compiler.ts's rewrite);
 * - Python operators: `==`/`<`/chains, `in`, `+`, `-`, `/` (true division),
 *   `//`, `**`, unary `-`, and float literals that stay floats (`3.0`),
 *   through the helpers of python-operators.ts.
 */
import { nunjucksLexer, nunjucksNodes, type NunjucksCompiler, type NunjucksNode, type NunjucksParser } from './nunjucks-internals.js';

type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => NunjucksNode;

/** `*expr` in a call's arguments. */
export const StarArgument: NodeClass = nunjucksNodes.Node.extend('FloeStar', { fields: ['value'] });
/** `**expr` in a call's arguments (kept among the KeywordArgs children). */
export const DoubleStarArgument: NodeClass = nunjucksNodes.Node.extend('FloeDoubleStar', { fields: ['value'] });

const lexer = nunjucksLexer as typeof nunjucksLexer & Record<string, string>;

function isClosing(type: string): boolean {
  return type === lexer.TOKEN_RIGHT_PAREN || type === lexer.TOKEN_RIGHT_BRACKET || type === lexer.TOKEN_RIGHT_CURLY;
}

/** The Literal a float token became (parsePrimary may have wrapped it in lookups or calls). */
function markFloat(node: NunjucksNode | null, lineno: number, colno: number): void {
  let current: NunjucksNode | null = node;
  while (current) {
    if (current.typename === 'Literal' && current.lineno === lineno && current.colno === colno) {
      current.floeFloat = true;
      return;
    }
    current = (current.typename === 'LookupVal' ? current.target : current.typename === 'FunCall' || current.typename === 'Filter' ? current.name : null) as NunjucksNode | null;
  }
}

export function installJinja2Parsing(parser: NunjucksParser): void {
  const p = parser as NunjucksParser & Record<string, unknown>;
  const originalPrimary = p.parsePrimary as (this: NunjucksParser, noPostfix?: boolean) => NunjucksNode;

  p.parsePrimary = function parsePrimary(this: NunjucksParser, noPostfix?: boolean): NunjucksNode {
    const token = this.peekToken();
    const node = originalPrimary.call(this, noPostfix);
    if (token && token.type === lexer.TOKEN_FLOAT) markFloat(node, token.lineno, token.colno);
    return node;
  };

  // `x is divisibleby 3`: Jinja2 takes one test argument without parentheses.
  p.parseIs = function parseIs(this: NunjucksParser): NunjucksNode {
    const self = this as NunjucksParser & { parseCompare(): NunjucksNode; parseSignature(): NunjucksNode; parsePrimary(noPostfix?: boolean): NunjucksNode };
    let node = self.parseCompare();
    if (!this.skipSymbol('is')) return node;
    const negated = this.skipSymbol('not');
    const next = this.peekToken();
    let test: NunjucksNode;
    if (next.type === lexer.TOKEN_SYMBOL && !STOP_WORDS.has(next.value)) {
      test = self.parsePrimary(true);
      const after = this.peekToken();
      if (after.type === lexer.TOKEN_LEFT_PAREN) test = new nunjucksNodes.FunCall(test.lineno, test.colno, test, self.parseSignature());
      else if (startsOperand(after)) test = new nunjucksNodes.FunCall(test.lineno, test.colno, test, new nunjucksNodes.NodeList(after.lineno, after.colno, [self.parsePrimary()]));
    } else {
      test = self.parseCompare();
    }
    node = new nunjucksNodes.Is(node.lineno, node.colno, node, test);
    return negated ? new nunjucksNodes.Not(node.lineno, node.colno, node) : node;
  };

  // installJinjaCompat's parseAggregate: nunjucks' own, falling back to a slice (`x[1:3]`).
  const compatAggregate = p.parseAggregate as (this: NunjucksParser) => NunjucksNode | null;
  type Tokens = { index: number; lineno: number; colno: number };
  p.parseAggregate = function parseAggregateOrSlice(this: NunjucksParser): NunjucksNode | null {
    // As installJinjaCompat does: the opening token was peeked, so the state before it is one character back.
    const tokens = (this as unknown as { tokens: Tokens }).tokens;
    const before = { index: tokens.index - 1, lineno: tokens.lineno, colno: tokens.colno - 1 };
    try {
      return parseAggregate.call(this);
    } catch (error) {
      Object.assign(tokens, before);
      (this as unknown as { peeked: unknown }).peeked = false;
      this.peekToken();
      return compatAggregate.call(this);
    }
  };

  // nunjucks' parseAggregate with trailing commas, expression keys and one-element tuples.
  const parseAggregate = function parseAggregate(this: NunjucksParser): NunjucksNode | null {
    const token = this.nextToken();
    let node: NunjucksNode;
    if (token.type === lexer.TOKEN_LEFT_PAREN) node = new nunjucksNodes.Group(token.lineno, token.colno);
    else if (token.type === lexer.TOKEN_LEFT_BRACKET) node = new nunjucksNodes.Array(token.lineno, token.colno);
    else if (token.type === lexer.TOKEN_LEFT_CURLY) node = new nunjucksNodes.Dict(token.lineno, token.colno);
    else return null;
    const children = node.children as NunjucksNode[];
    for (;;) {
      if (isClosing(this.peekToken().type)) {
        this.nextToken();
        break;
      }
      if (children.length > 0) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('parseAggregate: expected comma after expression', token.lineno, token.colno);
        if (isClosing(this.peekToken().type)) {
          node.floeTrailingComma = true;
          this.nextToken();
          break;
        }
      }
      if (node.typename === 'Dict') {
        const key = this.parseExpression();
        if (!this.skip(lexer.TOKEN_COLON)) this.fail('parseAggregate: expected colon after dict key', token.lineno, token.colno);
        children.push(new nunjucksNodes.Pair(key.lineno, key.colno, key, this.parseExpression()));
      } else {
        children.push(this.parseExpression());
      }
    }
    return node;
  };

  // nunjucks' parseSignature with trailing commas and *args / **kwargs.
  p.parseSignature = function parseSignature(this: NunjucksParser, tolerant?: boolean, noParens?: boolean): NunjucksNode | null {
    let token = this.peekToken();
    if (!noParens && token.type !== lexer.TOKEN_LEFT_PAREN) {
      if (tolerant) return null;
      this.fail('expected arguments', token.lineno, token.colno);
    }
    if (token.type === lexer.TOKEN_LEFT_PAREN) token = this.nextToken();
    const args = new nunjucksNodes.NodeList(token.lineno, token.colno);
    const kwargs = new nunjucksNodes.KeywordArgs(token.lineno, token.colno);
    let checkComma = false;
    for (;;) {
      token = this.peekToken();
      if (!noParens && token.type === lexer.TOKEN_RIGHT_PAREN) {
        this.nextToken();
        break;
      }
      if (noParens && token.type === lexer.TOKEN_BLOCK_END) break;
      if (checkComma) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('parseSignature: expected comma after expression', token.lineno, token.colno);
        const next = this.peekToken();
        if (!noParens && next.type === lexer.TOKEN_RIGHT_PAREN) {
          this.nextToken();
          break;
        }
      }
      const start = this.peekToken();
      if (start.type === lexer.TOKEN_OPERATOR && (start.value === '*' || start.value === '**')) {
        this.nextToken();
        const value = this.parseExpression();
        if (start.value === '*') (args.children as NunjucksNode[]).push(new StarArgument(start.lineno, start.colno, value));
        else (kwargs.children as NunjucksNode[]).push(new DoubleStarArgument(start.lineno, start.colno, value));
      } else {
        const arg = this.parseExpression();
        if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) (kwargs.children as NunjucksNode[]).push(new nunjucksNodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
        else (args.children as NunjucksNode[]).push(arg);
      }
      checkComma = true;
    }
    if ((kwargs.children as NunjucksNode[]).length > 0) (args.children as NunjucksNode[]).push(kwargs);
    return args;
  };
}

/** Words after a test name that end the test expression (`x is defined and y`). */
const STOP_WORDS = new Set(['and', 'or', 'not', 'else', 'if', 'in', 'is', 'for', 'recursive']);

function startsOperand(token: { type: string; value: string }): boolean {
  if (token.type === lexer.TOKEN_SYMBOL) return !STOP_WORDS.has(token.value);
  return [lexer.TOKEN_STRING, lexer.TOKEN_INT, lexer.TOKEN_FLOAT, lexer.TOKEN_BOOLEAN, lexer.TOKEN_NONE, lexer.TOKEN_LEFT_BRACKET, lexer.TOKEN_LEFT_CURLY].includes(token.type);
}

/**
 * Jinja2's lexer keeps count of open braces, so the `}}` that closes two
 * dicts (`{% set d = {'a': {'b': 1}} %}`) does not end a tag; nunjucks' would.
 * A space goes between such braces before lexing (inside tags only, outside strings).
 */
export function separateClosingBraces(source: string): string {
  if (!source.includes('}}')) return source;
  let out = '';
  let inTag: '%' | '{' | undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (!inTag) {
      if (char === '{' && (source[i + 1] === '{' || source[i + 1] === '%')) {
        inTag = source[i + 1] === '{' ? '{' : '%';
        depth = 0;
        out += char + source[i + 1];
        i++;
        continue;
      }
      out += char;
      continue;
    }
    if (quote) {
      if (char === '\\') {
        out += char + (source[i + 1] ?? '');
        i++;
        continue;
      }
      if (char === quote) quote = undefined;
      out += char;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '{') depth++;
    else if (char === '}' && depth > 0) {
      depth--;
      out += char;
      if (source[i + 1] === '}') out += ' ';
      continue;
    } else if ((inTag === '{' && char === '}' && source[i + 1] === '}') || (inTag === '%' && char === '%' && source[i + 1] === '}')) {
      inTag = undefined;
      out += char + source[i + 1];
      i++;
      continue;
    }
    out += char;
  }
  return out;
}

interface StringTokenizer {
  forward(): void;
  current(): string;
  isFinished(): boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\u0007', '0': '\0' };

/**
 * String literals as Jinja2 reads them (Python's escapes): `'\\d+'` keeps its
 * backslash, as an unknown escape does in Python (nunjucks would drop it, and
 * regular expressions in dbt packages break). `\xhh`, `\uhhhh` are decoded.
 */
export function pythonStringLiterals(tokenizer: unknown): void {
  (tokenizer as { _parseString(delimiter: string): string })._parseString = function parseString(this: StringTokenizer, delimiter: string): string {
    this.forward();
    let text = '';
    while (!this.isFinished() && this.current() !== delimiter) {
      const char = this.current();
      this.forward();
      if (char !== '\\') {
        text += char;
        continue;
      }
      const next = this.current();
      this.forward();
      if (next === '\n') continue; // a line continuation
      if (next in SIMPLE_ESCAPES) {
        text += SIMPLE_ESCAPES[next];
        continue;
      }
      const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (width > 0) {
        let digits = '';
        for (let i = 0; i < width && !this.isFinished() && /[0-9a-fA-F]/.test(this.current()); i++) {
          digits += this.current();
          this.forward();
        }
        text += digits.length === width ? String.fromCodePoint(parseInt(digits, 16)) : `\\${next}${digits}`;
        continue;
      }
      text += `\\${next}`;
    }
    this.forward();
    return text;
  };
}

const COMPARE_OPS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=']);

export function installJinja2Compiling(compiler: NunjucksCompiler): void {
  const c = compiler as NunjucksCompiler & Record<string, unknown>;
  type Frame = unknown;
  const binary = (helper: string) =>
    function compileBinary(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
      this._emit(`floe.${helper}(`);
      this.compile(node.left as NunjucksNode, frame);
      this._emit(', ');
      this.compile(node.right as NunjucksNode, frame);
      this._emit(')');
    };
  c.compileAdd = binary('add');
  c.compileSub = binary('sub');
  c.compileDiv = binary('div');
  c.compileFloorDiv = binary('floorDiv');
  c.compilePow = binary('pow');
  c.compileIn = binary('contains');

  c.compileNeg = function compileNeg(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('floe.neg(');
    this.compile(node.target as NunjucksNode, frame);
    this._emit(')');
  };

  const compileLiteral = c.compileLiteral as (this: NunjucksCompiler, node: NunjucksNode, frame: Frame) => void;
  c.compileLiteral = function compileLiteralFloat(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    if (node.floeFloat && typeof node.value === 'number') this._emit(`floe.float(${String(node.value)})`);
    else compileLiteral.call(this, node, frame);
  };

  c.compileCompare = function compileCompare(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    const ops = node.ops as NunjucksNode[];
    this._emit('floe.compare(');
    this.compile(node.expr as NunjucksNode, frame);
    this._emit(', [');
    ops.forEach((op, i) => {
      if (!COMPARE_OPS.has(String(op.type))) (this as unknown as { fail(message: string, lineno: number, colno: number): never }).fail(`unknown comparison ${String(op.type)}`, op.lineno, op.colno);
      this._emit(`${i > 0 ? ', ' : ''}${JSON.stringify(op.type)}, `);
      this.compile(op.expr as NunjucksNode, frame);
    });
    this._emit('])');
  };

  // `(a,)` is a tuple; `(a)` is a group (template-compiler.ts makes `(a, b)` a tuple).
  const compileGroup = c.compileGroup as (this: NunjucksCompiler, node: NunjucksNode, frame: Frame) => void;
  c.compileGroup = function compileGroupTuple(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    const count = (node.children ?? []).length;
    if (count === 0 || (node.floeTrailingComma && count === 1)) this._compileAggregate(node, frame, 'floe.tuple(', ')');
    else compileGroup.call(this, node, frame);
  };

  // Dict keys are expressions (Jinja2): string literals stay object-literal keys, anything else is evaluated.
  c.compileDict = function compileDict(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    const pairs = node.children ?? [];
    const isKeywords = node.typename === 'KeywordArgs';
    const literalKeys = pairs.every((pair) => pair.typename === 'Pair' && (pair.key as NunjucksNode).typename === 'Literal' && typeof (pair.key as NunjucksNode).value === 'string');
    if (!isKeywords && !literalKeys) {
      this._emit('floe.dict([');
      pairs.forEach((pair, i) => {
        this._emit(i > 0 ? ', [' : '[');
        this._compileExpression(pair.key as NunjucksNode, frame);
        this._emit(', ');
        this._compileExpression(pair.value as NunjucksNode, frame);
        this._emit(']');
      });
      this._emit('])');
      return;
    }
    const spreads = pairs.filter((pair) => pair.typename === 'FloeDoubleStar');
    const named = pairs.filter((pair) => pair.typename !== 'FloeDoubleStar');
    if (spreads.length > 0) this._emit('floe.keywords(');
    this._emit('{');
    named.forEach((pair, i) => {
      if (i > 0) this._emit(',');
      this.compile(pair, frame);
    });
    this._emit('}');
    if (spreads.length > 0) {
      for (const spread of spreads) {
        this._emit(', ');
        this._compileExpression(spread.value as NunjucksNode, frame);
      }
      this._emit(')');
    }
  };

  // `*args` inside a call's argument array: spread in place.
  c.compileFloeStar = function compileFloeStar(this: NunjucksCompiler, node: NunjucksNode, frame: Frame): void {
    this._emit('...floe.iterate(');
    this._compileExpression(node.value as NunjucksNode, frame);
    this._emit(')');
  };
}
