/**
 * Where macros are found: by package, unqualified (builtin `dbt` macros,
 * overridden by other packages, overridden by the root project), through
 * `adapter.dispatch` (root package, then the named package, then `dbt`;
 * `<adapter>__name` before `default__name` within each), and as
 * `package.name` namespaces.
 */
import { didYouMean, FloeError } from '../../errors/index.js';
import type { MacroDefinition } from '../types.js';
import { BUILTIN_PACKAGE } from './builtin-macros.js';
import { JINJA_ERROR } from './template-errors.js';
import type { MacroFunction } from './template-runtime.js';

/** A package's macros as `package.macro_name` (a class instance, so dict methods never shadow macro names). */
export class MacroNamespace {
  constructor(macros: Map<string, MacroFunction>) {
    for (const [name, macro] of macros) (this as unknown as Record<string, unknown>)[name] = macro;
  }
}

export class MacroRegistry {
  private readonly packages = new Map<string, Map<string, MacroFunction>>();
  private readonly unqualified = new Map<string, MacroFunction>();
  private readonly duplicates: Array<{ packageName: string; name: string; file: string }> = [];

  private readonly searchOrders: Map<string, string[]>;

  constructor(
    private readonly rootPackage: string,
    private readonly adapterType: string,
    dispatch: ReadonlyArray<{ macroNamespace: string; searchOrder: string[] }> = [],
  ) {
    this.searchOrders = new Map(dispatch.map((entry) => [entry.macroNamespace, entry.searchOrder]));
  }

  /** A package's own macro by name (the local namespace of a node in that package). */
  packageMacro(packageName: string, name: string): MacroFunction | undefined {
    return this.packages.get(packageName)?.get(name);
  }

  add(packageName: string, name: string, macro: MacroFunction, file: string): void {
    let macros = this.packages.get(packageName);
    if (!macros) this.packages.set(packageName, (macros = new Map()));
    if (macros.has(name)) this.duplicates.push({ packageName, name, file });
    macros.set(name, macro);
  }

  /** Call once every file is added: fixes which macro an unqualified name means. */
  seal(): void {
    const order = [BUILTIN_PACKAGE, ...[...this.packages.keys()].filter((p) => p !== BUILTIN_PACKAGE && p !== this.rootPackage), this.rootPackage];
    for (const pkg of order) for (const [name, macro] of this.packages.get(pkg) ?? []) this.unqualified.set(name, macro);
  }

  /** FLOE_DUPLICATE_MACRO for each name defined twice in one package. */
  duplicateErrors(definitions: MacroDefinition[]): FloeError[] {
    return this.duplicates.map((duplicate) => {
      const places = definitions.filter((m) => m.packageName === duplicate.packageName && m.name === duplicate.name);
      const last = places[places.length - 1];
      return new FloeError('FLOE_DUPLICATE_MACRO', `macro '${duplicate.name}' is defined more than once in package '${duplicate.packageName}'`, {
        position: last?.position ?? { file: duplicate.file },
        detail: places.map((m) => `defined at ${m.position.file}:${m.position.line}`).join('\n'),
        hint: 'rename or delete one of them',
      });
    });
  }

  /** Globals to expose: every unqualified macro name and every package namespace. */
  globals(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [pkg, macros] of this.packages) result[pkg] = new MacroNamespace(macros);
    for (const [name, macro] of this.unqualified) result[name] = macro;
    return result;
  }

  /** `name` or `package.name`. */
  find(name: string): MacroFunction {
    const dot = name.indexOf('.');
    const macro = dot > 0 ? this.packages.get(name.slice(0, dot))?.get(name.slice(dot + 1)) : this.unqualified.get(name);
    if (macro) return macro;
    const hint = didYouMean(name, this.unqualified.keys());
    throw new FloeError(JINJA_ERROR, `no macro named '${name}'`, hint ? { hint } : {});
  }

  /**
   * The `dispatch:` config's search order for the namespace when there is
   * one (dbt_utils' integration tests search themselves before dbt_utils);
   * otherwise the root project, then the namespace, then dbt's builtins.
   */
  dispatch(name: string, namespace?: string): MacroFunction {
    const configured = namespace ? this.searchOrders.get(namespace) : undefined;
    const order = configured ? [...configured, BUILTIN_PACKAGE] : [this.rootPackage, ...(namespace ? [namespace] : []), BUILTIN_PACKAGE];
    if (!namespace) order.push(...this.packages.keys());
    const searched = [...new Set(order)];
    const prefixes = [this.adapterType, 'default'];
    for (const pkg of searched) {
      const macros = this.packages.get(pkg);
      if (!macros) continue;
      for (const prefix of prefixes) {
        const macro = macros.get(`${prefix}__${name}`);
        if (macro) return macro;
      }
    }
    throw new FloeError(JINJA_ERROR, `adapter.dispatch('${name}') found no macro named ${prefixes.map((p) => `'${p}__${name}'`).join(' or ')} in ${searched.join(', ')}`, {
      hint: `define {% macro default__${name}(...) %} (or ${this.adapterType}__${name}) in your macros/ folder`,
    });
  }
}
