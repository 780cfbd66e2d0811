/**
 * Test helpers: a renderer over tiny macro files and hooks with a real-looking
 * dialect (double-quoted identifiers, like DuckDB and PostgreSQL).
 */
import type { RelationRef, SqlDialect } from '../../../src/compute/index.js';
import { createDbtJinja, type DbtContextHooks, type DbtJinja, type MacroFile } from '../../../src/transform/jinja/index.js';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Only the quoting members matter to the renderer; the rest are never called. */
export const testDialect = {
  quoteIdentifier: quote,
  quoteString: (value: string) => `'${value.replace(/'/g, "''")}'`,
  renderRelation: (r: RelationRef) => [r.database, r.schema, r.identifier].filter((p): p is string => Boolean(p)).map(quote).join('.'),
} as unknown as SqlDialect;

export function jinja(macroFiles: Array<Partial<MacroFile> & { source: string }> = [], adapterType = 'duckdb'): DbtJinja {
  return createDbtJinja({
    rootPackage: 'my_project',
    adapterType,
    macroFiles: macroFiles.map((f, i) => ({ packageName: 'my_project', file: `macros/m${i}.sql`, ...f })),
  });
}

export function hooks(overrides: Partial<DbtContextHooks> = {}): DbtContextHooks & { configured: Record<string, unknown>; logs: string[] } {
  const configured: Record<string, unknown> = {};
  const logs: string[] = [];
  return {
    execute: false,
    target: { name: 'dev', schema: 'analytics', database: 'warehouse', type: 'duckdb' },
    projectName: 'my_project',
    vars: {},
    env: {},
    ref: (call) => ({ database: 'warehouse', schema: 'analytics', identifier: call.name }),
    source: (sourceName, tableName) => ({ database: 'warehouse', schema: `raw_${sourceName}`, identifier: tableName }),
    config: (values) => Object.assign(configured, values),
    isIncremental: () => false,
    log: (message) => logs.push(message),
    dialect: testDialect,
    configured,
    logs,
    ...overrides,
  };
}

/** Render with a fresh renderer (convenience for one-off expectations). */
export function render(source: string, overrides: Partial<DbtContextHooks> = {}, macroFiles: Array<Partial<MacroFile> & { source: string }> = []): string {
  return jinja(macroFiles).renderSync(source, 'models/m.sql', hooks(overrides));
}
