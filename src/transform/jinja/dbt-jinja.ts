/**
 * The renderer: one nunjucks environment per project, every macro file
 * compiled once, templates compiled once per (file, source) and cached, and
 * the dbt context read from the current render's hooks.
 */
import nunjucks from 'nunjucks';
import { FloeError, FloeErrors, type SourcePosition } from '../../errors/index.js';
import type { MacroDefinition } from '../types.js';
import { BUILTIN_MACRO_FILES } from './builtin-macros.js';
import { type ContextHost, type RenderScope, createDbtGlobals, newRunIdentity } from './dbt-context.js';
import { doExtension } from './do-extension.js';
import { installFilters } from './jinja-filters.js';
import { installTests } from './jinja-tests.js';
import { MacroRegistry } from './macro-registry.js';
import { macroDefinitions, rewriteDbtBlocks, scanMacroDefinitions } from './macro-sources.js';
import { ensureJinjaCompat, nunjucksRuntime, type NunjucksNode } from './nunjucks-internals.js';
import { type PyDateTime } from './python-modules.js';
import { isSafeString } from './python-values.js';
import { compileTemplate, DO_EXTENSION_NAME, parseTemplate } from './template-compiler.js';
import { TemplateContext } from './template-context.js';
import { interpretedModule, isInterpretable } from './template-interpreter.js';
import { JINJA_ERROR, toFloeError } from './template-errors.js';
import { type CallSiteTracker, type MacroFunction, type TemplateHelpers, createTemplateHelpers, MACRO_MARK, templateRuntime } from './template-runtime.js';
import type { CreateDbtJinja, DbtContextHooks, DbtJinja, MacroFile } from './types.js';
import { WarehouseReplay } from './warehouse-replay.js';

const MAX_PASSES = 10;

type RootFunction = (env: unknown, context: TemplateContext, frame: unknown, runtime: unknown, cb: (error: unknown, output?: string) => void) => void;
type TemplateModule = Record<string, RootFunction> & { root: RootFunction };
type TemplateFactory = (floe: TemplateHelpers) => TemplateModule;

interface CompiledTemplate {
  module: TemplateModule;
  file: string;
}

/**
 * Compiled JavaScript by (file, source), shared by every renderer in the
 * process (macro packages and models compile once even when a project is
 * loaded again). Bounded so a long-lived server does not grow without end.
 */
const factoryCache = new Map<string, TemplateFactory>();
/** Macro files by (package, file, source): their definitions, and their compiled code once some macro of theirs was called. */
const macroFileCache = new Map<string, { definitions: MacroDefinition[]; factory?: TemplateFactory }>();
/** Parsed plain templates by (file, source), walked instead of compiled on the parse path. */
const interpretableCache = new Map<string, NunjucksNode>();
const FACTORY_CACHE_LIMIT = 20_000;

/** Jinja2 normalises newlines and drops one trailing newline (keep_trailing_newline=False), as dbt renders. */
function jinjaSource(source: string): string {
  const normalized = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return normalized.endsWith('\n') ? normalized.slice(0, -1) : normalized;
}

class DbtJinjaRenderer implements DbtJinja, ContextHost, CallSiteTracker {
  readonly macros: MacroDefinition[] = [];
  readonly adapterType: string;
  private readonly rootPackage: string;
  readonly runStartedAt: PyDateTime;
  readonly invocationId: string;
  callSite: SourcePosition | undefined;

  private readonly env: nunjucks.Environment;
  private readonly registry: MacroRegistry;
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly baseGlobals: Record<string, unknown>;
  private current: RenderScope | undefined;

  constructor(options: CreateDbtJinja) {
    ensureJinjaCompat();
    this.adapterType = options.adapterType;
    this.rootPackage = options.rootPackage;
    this.registry = new MacroRegistry(options.rootPackage, options.adapterType, options.dispatch ?? []);
    ({ runStartedAt: this.runStartedAt, invocationId: this.invocationId } = newRunIdentity());

    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, trimBlocks: false, lstripBlocks: false });
    this.env.addExtension(DO_EXTENSION_NAME, doExtension as unknown as nunjucks.Extension);
    installFilters(this.env);
    installTests(this.env);

    const base = Object.create(null) as Record<string, unknown>;
    Object.assign(base, (this.env as unknown as { globals: Record<string, unknown> }).globals); // range, cycler, joiner
    Object.defineProperties(base, Object.getOwnPropertyDescriptors(createDbtGlobals(this)));
    this.baseGlobals = base;
    // Per render: extra globals first, then the rendered node's own package's macros (dbt's local namespace), then the rest.
    (this.env as unknown as { globals: Record<string, unknown> }).globals = new Proxy(base, {
      has: (target, name) => (typeof name === 'string' && (this.hasExtra(name) || this.localMacro(name) !== undefined)) || name in target,
      get: (target, name) => {
        if (typeof name !== 'string') return Reflect.get(target, name);
        if (this.hasExtra(name)) return this.current?.hooks.extra?.[name];
        return this.localMacro(name) ?? Reflect.get(target, name);
      },
    });

    this.loadMacros([...BUILTIN_MACRO_FILES, ...options.macroFiles]);
  }

  /** A macro of the rendered node's package, when that is not the root project (whose macros are global anyway). */
  private localMacro(name: string): MacroFunction | undefined {
    const pkg = this.current?.hooks.packageName;
    return pkg === undefined || pkg === this.rootPackage ? undefined : this.registry.packageMacro(pkg, name);
  }

  private hasExtra(name: string): boolean {
    const extra = this.current?.hooks.extra;
    return extra !== undefined && Object.prototype.hasOwnProperty.call(extra, name);
  }

  // ── ContextHost / CallSiteTracker ──────────────────────────────────────────

  scope(): RenderScope {
    if (!this.current) throw new FloeError(JINJA_ERROR, 'a dbt context function was called outside of a render');
    return this.current;
  }

  currentCallSite(): SourcePosition | undefined {
    return this.callSite;
  }

  knownNames(): Iterable<string> {
    return [...Object.keys(this.baseGlobals), ...Object.keys(this.current?.hooks.extra ?? {})];
  }

  dispatch(name: string, namespace?: string): MacroFunction {
    return this.registry.dispatch(name, namespace);
  }

  // ── compiling ───────────────────────────────────────────────────────────────

  /**
   * The template as a runnable module. With `interpret`, a plain template
   * (see template-interpreter.ts) is walked instead of compiled: parse-time
   * renders run each model once, where compiling costs more than it saves.
   */
  private compile(source: string, file: string, interpret = false): CompiledTemplate {
    const key = `${file}\0${source}`;
    const cached = this.templates.get(interpret ? `walk\0${key}` : key);
    if (cached) return cached;
    let factory = factoryCache.get(key);
    let ast: NunjucksNode | undefined;
    if (!factory && interpret) {
      ast = interpretableCache.get(key) ?? this.parse(source, file);
      if (isInterpretable(ast)) {
        if (interpretableCache.size >= FACTORY_CACHE_LIMIT) interpretableCache.clear();
        interpretableCache.set(key, ast);
        const walked = { module: interpretedModule(ast, createTemplateHelpers(file, this)) as TemplateModule, file };
        this.templates.set(`walk\0${key}`, walked);
        return walked;
      }
    }
    if (!factory) {
      let code: string;
      try {
        code = compileTemplate(ast ?? this.parse(source, file), file, this.env);
      } catch (error) {
        throw toFloeError(error, endOfFile(file, source));
      }
      factory = new Function('floe', code) as TemplateFactory; // the compiled template, as nunjucks itself does
      if (factoryCache.size >= FACTORY_CACHE_LIMIT) factoryCache.clear();
      factoryCache.set(key, factory);
    }
    const compiled = { module: factory(createTemplateHelpers(file, this)), file };
    this.templates.set(key, compiled);
    if (interpret) this.templates.set(`walk\0${key}`, compiled);
    return compiled;
  }

  private parse(source: string, file: string): NunjucksNode {
    try {
      return parseTemplate(source, this.env);
    } catch (error) {
      throw toFloeError(error, endOfFile(file, source));
    }
  }

  private loadMacros(files: MacroFile[]): void {
    const errors: FloeError[] = [];
    for (const macroFile of files) {
      try {
        this.loadMacroFile(macroFile);
      } catch (error) {
        errors.push(toFloeError(error, endOfFile(macroFile.displayPath ?? macroFile.file, macroFile.source)));
      }
    }
    errors.push(...this.registry.duplicateErrors(this.macros));
    if (errors.length > 0) throw new FloeErrors(errors);

    this.registry.seal();
    Object.assign(this.baseGlobals, this.registry.globals());
  }

  /**
   * The root project's macro files are compiled now (their errors belong to
   * this load). Packages' and dbt's own are only scanned for their
   * definitions and compiled when one of their macros is first called: a
   * package like dbt_utils brings a hundred macros, and a parse uses few.
   */
  private loadMacroFile(macroFile: MacroFile): void {
    const key = `${macroFile.packageName}\0${macroFile.file}\0${macroFile.source}`;
    let cached = macroFileCache.get(key);
    const eager = macroFile.packageName === this.rootPackage;
    if (!cached) {
      const source = rewriteDbtBlocks(macroFile.source);
      if (eager) {
        const ast = parseTemplate(source, this.env);
        const displayPath = macroFile.displayPath ?? macroFile.file;
        cached = { definitions: macroDefinitions(ast, source, macroFile.source, macroFile.packageName, macroFile.file), factory: this.compileMacroAst(ast, displayPath) };
      } else {
        cached = { definitions: scanMacroDefinitions(source, macroFile.source, macroFile.packageName, macroFile.file) };
      }
      if (macroFileCache.size >= FACTORY_CACHE_LIMIT) macroFileCache.clear();
      macroFileCache.set(key, cached);
    }
    const entry = cached;
    this.macros.push(...entry.definitions.map((definition) => ({ ...definition, ...(macroFile.displayPath ? { position: { ...definition.position, file: macroFile.displayPath } } : {}) })));
    if (eager || entry.factory) {
      for (const [name, macro] of this.defineMacros(macroFile, entry)) this.registry.add(macroFile.packageName, name, macro, macroFile.file);
      return;
    }
    let defined: Map<string, MacroFunction> | undefined;
    let failure: unknown;
    const load = (): Map<string, MacroFunction> => {
      if (failure !== undefined) throw failure;
      if (!defined) {
        try {
          defined = this.defineMacros(macroFile, entry);
        } catch (error) {
          failure = toFloeError(error, endOfFile(macroFile.displayPath ?? macroFile.file, macroFile.source));
          throw failure;
        }
      }
      return defined;
    };
    for (const definition of entry.definitions) {
      const name = definition.name;
      let real: MacroFunction | undefined;
      const stub: MacroFunction = function lazyMacro(this: unknown, ...args: unknown[]): unknown {
        real ??= load().get(name);
        if (!real) throw new FloeError(JINJA_ERROR, `macro '${name}' of ${macroFile.displayPath ?? macroFile.file} did not compile into a macro`);
        return real.apply(this, args);
      };
      stub[MACRO_MARK] = true;
      this.registry.add(macroFile.packageName, name, stub, macroFile.file);
    }
  }

  private compileMacroAst(ast: NunjucksNode, displayPath: string): TemplateFactory {
    return new Function('floe', compileTemplate(ast, displayPath, this.env)) as TemplateFactory; // the compiled template, as nunjucks itself does
  }

  /** Compile (once per process) and run a macro file's top level; its macros are what it defines. */
  private defineMacros(macroFile: MacroFile, entry: { definitions: MacroDefinition[]; factory?: TemplateFactory }): Map<string, MacroFunction> {
    const displayPath = macroFile.displayPath ?? macroFile.file;
    entry.factory ??= this.compileMacroAst(parseTemplate(rewriteDbtBlocks(macroFile.source), this.env), displayPath);
    const compiled: CompiledTemplate = { module: entry.factory(createTemplateHelpers(displayPath, this)), file: displayPath };
    // Running the file's top level defines its macros in the context; they are then served from the globals.
    const context = new TemplateContext(this.env as unknown as { globals: Record<string, unknown> });
    this.runRoot(compiled, context, this.current);
    const defined = new Map<string, MacroFunction>();
    for (const [name, value] of Object.entries(context.ctx)) {
      if (typeof value === 'function' && (value as MacroFunction)[MACRO_MARK]) {
        defined.set(name, value as MacroFunction);
        delete context.ctx[name]; // later lookups go to the globals, where overrides live
      }
    }
    return defined;
  }

  // ── rendering ───────────────────────────────────────────────────────────────

  private runRoot(compiled: CompiledTemplate, context: TemplateContext, scope: RenderScope | undefined): string {
    const outer = this.current;
    const outerSite = this.callSite;
    this.current = scope ?? outer;
    const frame = new nunjucksRuntime.Frame();
    frame.topLevel = true;
    let failure: unknown;
    let output = '';
    try {
      compiled.module.root(this.env, context, frame, templateRuntime, (error, result) => {
        failure = error;
        output = result ?? '';
      });
    } finally {
      this.current = outer;
      this.callSite = outerSite;
    }
    if (failure) throw toFloeError(failure, { file: compiled.file });
    return output;
  }

  private newScope(hooks: DbtContextHooks, replay: WarehouseReplay): RenderScope {
    return { hooks, replay, configSet: {}, statements: new Map(), logs: [] };
  }

  private renderPass(source: string, file: string, hooks: DbtContextHooks, replay: WarehouseReplay, interpret = false): { output: string; logs: string[] } {
    const compiled = this.compile(jinjaSource(source), file, interpret);
    const context = new TemplateContext(this.env as unknown as { globals: Record<string, unknown> }, blocksOf(compiled.module));
    const scope = this.newScope(hooks, replay);
    return { output: this.runRoot(compiled, context, scope), logs: scope.logs };
  }

  private macroPass(name: string, args: unknown[], hooks: DbtContextHooks, replay: WarehouseReplay): { output: unknown; logs: string[] } {
    const macro = this.registry.find(name);
    const scope = this.newScope(hooks, replay);
    const outer = this.current;
    this.current = scope;
    try {
      const value = macro(...args);
      return { output: isSafeString(value) ? value.val : value, logs: scope.logs };
    } catch (error) {
      const definition = this.macros.find((m) => m.name === name || `${m.packageName}.${m.name}` === name);
      throw toFloeError(error, definition?.position ?? { file: '<macro>' });
    } finally {
      this.current = outer;
    }
  }

  renderSync(source: string, file: string, hooks: DbtContextHooks): string {
    const { output, logs } = this.renderPass(source, file, hooks, new WarehouseReplay(false), true);
    flushLogs(hooks, logs);
    return output;
  }

  render(source: string, file: string, hooks: DbtContextHooks): Promise<string> {
    return this.withReplay(hooks, (replay) => this.renderPass(source, file, hooks, replay)) as Promise<string>;
  }

  callMacro(name: string, args: unknown[], hooks: DbtContextHooks): Promise<unknown> {
    return this.withReplay(hooks, (replay) => this.macroPass(name, args, hooks, replay));
  }

  /** Render passes until no warehouse call is left unanswered (see warehouse-replay.ts). */
  private async withReplay(hooks: DbtContextHooks, pass: (replay: WarehouseReplay) => { output: unknown; logs: string[] }): Promise<unknown> {
    const warehouse = hooks.execute ? hooks.warehouse : undefined;
    const replay = new WarehouseReplay(warehouse !== undefined);
    for (let attempt = 1; ; attempt++) {
      let result: { output: unknown; logs: string[] } | undefined;
      let failure: unknown;
      try {
        result = pass(replay);
      } catch (error) {
        failure = error;
      }
      // A pass that failed on an empty answer is retried once the answers are in.
      if (!warehouse || !replay.hasPending) {
        if (failure !== undefined) throw failure;
        const done = result as { output: unknown; logs: string[] };
        flushLogs(hooks, done.logs);
        return done.output;
      }
      if (attempt >= MAX_PASSES) {
        throw new FloeError(JINJA_ERROR, `template still made new warehouse calls after ${MAX_PASSES} rendering passes`, {
          hint: 'a query whose SQL changes with the result of another query on every pass cannot settle; simplify the chain of run_query calls',
        });
      }
      await replay.fetchPending(warehouse);
    }
  }
}

/** Where "unexpected end of file" errors point (nunjucks gives them no position). */
function endOfFile(file: string, source: string): SourcePosition {
  const lines = source.split('\n');
  return { file, line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function blocksOf(module: TemplateModule): Record<string, RootFunction> {
  const blocks: Record<string, RootFunction> = {};
  for (const [name, value] of Object.entries(module)) if (name.startsWith('b_')) blocks[name.slice(2)] = value;
  return blocks;
}

function flushLogs(hooks: DbtContextHooks, logs: string[]): void {
  if (hooks.log) for (const message of logs) hooks.log(message);
}

/** Compile every macro file once (builtin `dbt` macros first; user macros of the same name override them). */
export function createDbtJinja(options: CreateDbtJinja): DbtJinja {
  return new DbtJinjaRenderer(options);
}
