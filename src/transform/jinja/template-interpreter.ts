/**
 * Runs a parsed template by walking its nunjucks AST, for the plain templates
 * most models are (output, `if`, calls, literals, lookups, filters, tests).
 * Compiling such a template to JavaScript (nunjucks codegen, `new Function`,
 * V8's first run of the new code) costs far more than walking it once, and a
 * project's first parse renders every model exactly once.
 *
 * Each case below does what the code template-compiler.ts generates for that
 * node does, in the same order (so the same calls, values, errors and error
 * positions). Anything else — macros, loops, `set`, call blocks, blocks,
 * arithmetic — is not interpretable and goes through the compiler.
 */
import { calleeName, calleeStart, nodeNameForErrors } from './template-compiler.js';
import type { NunjucksFrame, NunjucksNode, NunjucksRuntime } from './nunjucks-internals.js';
import type { TemplateHelpers } from './template-runtime.js';
import type { TemplateContext } from './template-context.js';

interface TestLookup {
  getTest(name: string): (this: unknown, ...args: unknown[]) => unknown;
  getFilter(name: string): unknown;
}

type RootFunction = (env: unknown, context: TemplateContext, frame: unknown, runtime: unknown, cb: (error: unknown, output?: string) => void) => void;

/** Expression nodes the walker evaluates. */
const EXPRESSIONS = new Set(['Literal', 'Symbol', 'LookupVal', 'FunCall', 'Array', 'Dict', 'Group', 'InlineIf', 'Not', 'And', 'Or', 'Is', 'Compare', 'Concat', 'Filter']);

/** Whether every node of `root` is one the walker runs exactly as the compiled code would. */
export function isInterpretable(root: NunjucksNode): boolean {
  if (root.typename !== 'Root' || root.__floeNeedsTransform) return false;
  return (root.children ?? []).every(isInterpretableStatement);
}

function isInterpretableStatement(node: NunjucksNode): boolean {
  switch (node.typename) {
    case 'Output':
      return (node.children ?? []).every((child) => child.typename === 'TemplateData' || isInterpretableExpression(child));
    case 'If':
      return (
        isInterpretableExpression(node.cond as NunjucksNode) &&
        isInterpretableStatement(node.body as NunjucksNode) &&
        (node.else_ === null || node.else_ === undefined || isInterpretableStatement(node.else_ as NunjucksNode))
      );
    case 'NodeList':
      return (node.children ?? []).every(isInterpretableStatement);
    default:
      return false;
  }
}

function isInterpretableExpression(node: NunjucksNode | null | undefined): boolean {
  if (!node || !EXPRESSIONS.has(node.typename)) return false;
  switch (node.typename) {
    case 'Literal':
      return node.value === null || ['string', 'number', 'boolean'].includes(typeof node.value);
    case 'Symbol':
      return typeof node.value === 'string';
    case 'LookupVal':
      return isInterpretableExpression(node.target as NunjucksNode) && isInterpretableExpression(node.val as NunjucksNode);
    case 'FunCall':
      return isCallee(node.name as NunjucksNode) && isInterpretableArguments(node.args as NunjucksNode);
    case 'Array':
      return (node.children ?? []).every(isInterpretableExpression);
    case 'Dict':
      return isInterpretablePairs(node);
    case 'Group':
      // `()` is not valid generated JavaScript; leave its error to the compiler.
      return (node.children ?? []).length > 0 && (node.children ?? []).every(isInterpretableExpression);
    case 'InlineIf':
      return (
        isInterpretableExpression(node.cond as NunjucksNode) &&
        isInterpretableExpression(node.body as NunjucksNode) &&
        (node.else_ === null || node.else_ === undefined || isInterpretableExpression(node.else_ as NunjucksNode))
      );
    case 'Not':
      return isInterpretableExpression(node.target as NunjucksNode);
    case 'And':
    case 'Or':
    case 'Concat':
      return isInterpretableExpression(node.left as NunjucksNode) && isInterpretableExpression(node.right as NunjucksNode);
    case 'Is': {
      const right = node.right as NunjucksNode;
      if (!isInterpretableExpression(node.left as NunjucksNode)) return false;
      // nunjucks emits a test's arguments without separators: only zero or one is well-formed.
      if (right.typename === 'Symbol') return typeof right.value === 'string';
      // `is none` / `is true`: the test's name is the literal's text, as the compiler writes it.
      if (right.typename === 'Literal') return right.value === null || typeof right.value === 'boolean';
      if (right.typename !== 'FunCall' || (right.name as NunjucksNode).typename !== 'Symbol') return false;
      const args = (right.args as NunjucksNode).children ?? [];
      return args.length <= 1 && args.every((arg) => arg.typename !== 'KeywordArgs' && isInterpretableExpression(arg));
    }
    case 'Compare':
      return (
        isInterpretableExpression(node.expr as NunjucksNode) &&
        (node.ops as NunjucksNode[]).every((op) => COMPARE_TYPES.has(String(op.type)) && isInterpretableExpression(op.expr as NunjucksNode))
      );
    case 'Filter':
      return (node.name as NunjucksNode).typename === 'Symbol' && isInterpretableArguments(node.args as NunjucksNode);
    default:
      return false;
  }
}

/** Callees whose error name nunjucks can derive (its `_getNodeName` fails on a `none` literal in the chain). */
function isCallee(node: NunjucksNode): boolean {
  return isInterpretableExpression(node) && isNameable(node);
}

function isNameable(node: NunjucksNode): boolean {
  if (node.typename === 'Literal') return node.value !== null;
  if (node.typename === 'FunCall') return isNameable(node.name as NunjucksNode);
  if (node.typename === 'LookupVal') return isNameable(node.target as NunjucksNode) && isNameable(node.val as NunjucksNode);
  return true;
}

function isInterpretableArguments(args: NunjucksNode): boolean {
  return (args.children ?? []).every((arg) => (arg.typename === 'KeywordArgs' ? isInterpretablePairs(arg) : isInterpretableExpression(arg)));
}

function isInterpretablePairs(dict: NunjucksNode): boolean {
  return (dict.children ?? []).every((pair) => {
    const key = pair.key as NunjucksNode;
    // In a dict literal a bare name is a variable (Jinja2): only keyword arguments take names as keys here.
    const nameKey = key.typename === 'Symbol' && dict.typename === 'KeywordArgs';
    const keyOk = (nameKey || (key.typename === 'Literal' && typeof key.value === 'string')) && key.value !== '__proto__';
    return pair.typename === 'Pair' && keyOk && isInterpretableExpression(pair.value as NunjucksNode);
  });
}

const COMPARE_TYPES = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=']);

/** One run of a template: what the generated root function keeps in local variables. */
class TemplateWalk {
  lineno: number;
  colno: number;
  output = '';

  constructor(
    root: NunjucksNode,
    private readonly env: TestLookup,
    private readonly context: TemplateContext,
    private readonly frame: NunjucksFrame,
    private readonly runtime: NunjucksRuntime,
    private readonly floe: TemplateHelpers,
  ) {
    this.lineno = root.lineno;
    this.colno = root.colno;
  }

  run(node: NunjucksNode): void {
    switch (node.typename) {
      case 'Output':
        for (const child of node.children ?? []) {
          if (child.typename === 'TemplateData') {
            if (child.value) this.output += String(child.value);
          } else {
            this.output += String(this.runtime.suppressValue(this.evaluate(child), false));
          }
        }
        return;
      case 'If':
        if (this.floe.truthy(this.evaluate(node.cond as NunjucksNode))) this.run(node.body as NunjucksNode);
        else if (node.else_) this.run(node.else_ as NunjucksNode);
        return;
      default: // Root, NodeList
        for (const child of node.children ?? []) this.run(child);
    }
  }

  evaluate(node: NunjucksNode): unknown {
    switch (node.typename) {
      case 'Literal':
        return node.floeFloat && typeof node.value === 'number' ? this.floe.float(node.value) : node.value;
      case 'Symbol':
        return (this.runtime.contextOrFrameLookup as (c: unknown, f: unknown, n: string) => unknown).call(this.runtime, this.context, this.frame, String(node.value));
      case 'LookupVal': {
        const target = this.evaluate(node.target as NunjucksNode);
        return this.runtime.memberLookup(target, this.evaluate(node.val as NunjucksNode));
      }
      case 'FunCall': {
        const start = calleeStart(node.name as NunjucksNode);
        this.lineno = start.lineno;
        this.colno = start.colno;
        const callee = this.evaluate(node.name as NunjucksNode);
        const name = calleeName(node.name as NunjucksNode) ?? nodeNameForErrors(node.name as NunjucksNode);
        return this.floe.call(start.lineno, start.colno, callee, name, this.context, this.argumentsOf(node.args as NunjucksNode));
      }
      case 'Array':
        return (node.children ?? []).map((child) => this.evaluate(child));
      case 'Dict':
        return this.dictOf(node);
      case 'Group': {
        const children = node.children ?? [];
        if (children.length === 1 && !node.floeTrailingComma) return this.evaluate(children[0]);
        return this.floe.tuple(...children.map((child) => this.evaluate(child)));
      }
      case 'InlineIf':
        if (this.floe.truthy(this.evaluate(node.cond as NunjucksNode))) return this.evaluate(node.body as NunjucksNode);
        return node.else_ === null || node.else_ === undefined ? undefined : this.evaluate(node.else_ as NunjucksNode);
      case 'Not':
        return !this.floe.truthy(this.evaluate(node.target as NunjucksNode));
      case 'Or': {
        const left = this.evaluate(node.left as NunjucksNode);
        return this.floe.truthy(left) ? left : this.evaluate(node.right as NunjucksNode);
      }
      case 'And': {
        const left = this.evaluate(node.left as NunjucksNode);
        return !this.floe.truthy(left) ? left : this.evaluate(node.right as NunjucksNode);
      }
      case 'Concat':
        return this.floe.str(this.evaluate(node.left as NunjucksNode)) + this.floe.str(this.evaluate(node.right as NunjucksNode));
      case 'Is':
        return this.test(node);
      case 'Compare': {
        const first = this.evaluate(node.expr as NunjucksNode);
        const rest: unknown[] = [];
        for (const op of node.ops as NunjucksNode[]) rest.push(String(op.type), this.evaluate(op.expr as NunjucksNode));
        return this.floe.compare(first, rest);
      }
      case 'Filter': {
        const name = node.name as NunjucksNode;
        return this.floe.filter(this.env, name.lineno, name.colno, String(name.value), this.context, this.argumentsOf(node.args as NunjucksNode));
      }
      default:
        throw new Error(`the template walker was given a ${node.typename} node`); // isInterpretable rules this out
    }
  }

  private test(node: NunjucksNode): boolean {
    const right = node.right as NunjucksNode;
    const name = String(right.typename === 'FunCall' ? (right.name as NunjucksNode).value : right.value);
    const test = this.env.getTest(name);
    const left = this.evaluate(node.left as NunjucksNode);
    const args = right.typename === 'FunCall' ? ((right.args as NunjucksNode).children ?? []).map((arg) => this.evaluate(arg)) : [];
    return test.call(this.context, left, ...args) === true;
  }

  private argumentsOf(args: NunjucksNode): unknown[] {
    return (args.children ?? []).map((arg) => (arg.typename === 'KeywordArgs' ? Object.assign(this.dictOf(arg), { __keywords: true }) : this.evaluate(arg)));
  }

  private dictOf(dict: NunjucksNode): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const pair of dict.children ?? []) result[String((pair.key as NunjucksNode).value)] = this.evaluate(pair.value as NunjucksNode);
    return result;
  }
}

/** A module shaped like a compiled template's (`{ root }`), running `root` by walking it. */
export function interpretedModule(root: NunjucksNode, floe: TemplateHelpers): { root: RootFunction } {
  return {
    root(env, context, frame, runtime, cb) {
      const walk = new TemplateWalk(root, env as TestLookup, context, frame as NunjucksFrame, runtime as NunjucksRuntime, floe);
      try {
        walk.run(root);
      } catch (error) {
        cb(floe.rootError(error, walk.lineno, walk.colno));
        return;
      }
      cb(null, walk.output);
    },
  };
}
