/**
 * The `context` object compiled templates read names from (nunjucks' Context,
 * reimplemented small): names set at the template's top level first, then the
 * renderer's globals (which include the dbt context and every macro).
 */
export interface GlobalsHolder {
  globals: Record<string, unknown>;
}

type BlockFunction = (...args: never[]) => unknown;

export class TemplateContext {
  readonly ctx: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  readonly env: GlobalsHolder;
  readonly exported: string[] = [];
  private readonly blocks: Record<string, BlockFunction[]> = {};

  constructor(env: GlobalsHolder, blocks: Record<string, BlockFunction> = {}) {
    this.env = env;
    for (const [name, block] of Object.entries(blocks)) this.addBlock(name, block);
  }

  lookup(name: string): unknown {
    if (name in this.ctx) return this.ctx[name];
    return this.env.globals[name];
  }

  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }

  getVariables(): Record<string, unknown> {
    return this.ctx;
  }

  addExport(name: string): void {
    this.exported.push(name);
  }

  getExported(): Record<string, unknown> {
    return Object.fromEntries(this.exported.map((name) => [name, this.ctx[name]]));
  }

  addBlock(name: string, block: BlockFunction): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }

  getBlock(name: string): BlockFunction {
    const block = this.blocks[name]?.[0];
    if (!block) throw new Error(`unknown block "${name}"`);
    return block;
  }
}
