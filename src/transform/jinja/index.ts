/**
 * The Jinja2-compatible renderer with dbt's context (nunjucks 3.2.4 extended
 * with Python semantics, `{% do %}`, `namespace()`, `return()`, statements
 * and a warehouse replay for run-time queries).
 */
export { createDbtJinja } from './dbt-jinja.js';
export { keywordArguments, pythonStr } from './python-values.js';
export { BUILTIN_PACKAGE } from './builtin-macros.js';
export type { CreateDbtJinja, DbtContextHooks, DbtJinja, JinjaWarehouse, MacroFile } from './types.js';
