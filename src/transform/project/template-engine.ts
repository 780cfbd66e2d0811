/** The bridge to the Jinja part: the hooks floe passes at parse time and the engine's creation. */
import { FloeError, FloeErrors } from '../../errors/index.js';
import { createDbtJinja, type CreateDbtJinja, type DbtContextHooks, type DbtJinja, type MacroFile } from '../jinja/index.js';

export type ParseHooks = DbtContextHooks;
export type TemplateEngine = DbtJinja;
export type { MacroFile };

export async function createTemplateEngine(options: CreateDbtJinja): Promise<TemplateEngine> {
  try {
    return createDbtJinja(options);
  } catch (error) {
    if (error instanceof FloeError || error instanceof FloeErrors) throw error;
    throw new FloeError('FLOE_JINJA', `could not compile the project's macros: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
