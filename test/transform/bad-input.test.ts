/**
 * Broken projects run end to end through `runProject`, as `floe run` would:
 * each problem is reported with the file, line and column (where one exists)
 * and a message a person can act on, and nothing is half-written — no
 * artifacts when parsing failed, no tables when a node failed.
 * The projects are in test/fixtures/dbt/broken/; parse-level variations with
 * inline files are in test/transform/project/bad-input.test.ts.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/compute/index.js';
import { FloeError, FloeErrors } from '../../src/errors/index.js';
import { runProject } from '../../src/transform/index.js';
import type { ProjectRunOutcome, RunProjectOptions } from '../../src/transform/index.js';

const BROKEN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/dbt/broken');

interface BrokenProject {
  dir: string;
  duckdbPath: string;
  run(options?: Partial<RunProjectOptions>): Promise<ProjectRunOutcome>;
}

function brokenProject(name: string): BrokenProject {
  const dir = mkdtempSync(join(tmpdir(), `floe-broken-${name}-`));
  cpSync(join(BROKEN, name), dir, { recursive: true });
  const duckdbPath = join(dir, 'warehouse.duckdb');
  return {
    dir,
    duckdbPath,
    run: (options = {}) => runProject({ projectDir: dir, profilesDir: join(BROKEN, 'profiles'), env: { BROKEN_DUCKDB_PATH: duckdbPath }, ...options }),
  };
}

/** The errors a run was rejected with (a parser collects several into FloeErrors). */
async function rejectionOf(run: Promise<unknown>): Promise<FloeError[]> {
  try {
    await run;
  } catch (error) {
    if (error instanceof FloeErrors) return error.errors;
    if (error instanceof FloeError) return [error];
    throw error;
  }
  throw new Error('expected the run to be rejected');
}

function only(errors: FloeError[], code: string): FloeError {
  const matching = errors.filter((error) => error.code === code);
  expect(matching, errors.map((error) => `${error.code} ${error.message}`).join('\n')).toHaveLength(1);
  return matching[0];
}

async function tablesIn(duckdbPath: string, schema = 'main'): Promise<string[]> {
  if (!existsSync(duckdbPath)) return [];
  const adapter = await createAdapter({ type: 'duckdb', path: duckdbPath, schema });
  try {
    return await adapter.withSession(async (session) => (await adapter.listRelations(session, undefined, schema)).map((relation) => relation.identifier).sort());
  } finally {
    await adapter.close();
  }
}

/** After a failed parse: no artifacts, no warehouse objects. */
async function expectNothingWritten(project: BrokenProject): Promise<void> {
  expect(existsSync(join(project.dir, 'target/run_results.json'))).toBe(false);
  expect(existsSync(join(project.dir, 'target/manifest.json'))).toBe(false);
  expect(await tablesIn(project.duckdbPath)).toEqual([]);
}

function statusesOf(outcome: ProjectRunOutcome): Record<string, string> {
  return Object.fromEntries(outcome.results.map((result) => [outcome.project.nodes.get(result.uniqueId)?.name ?? result.uniqueId, result.status]));
}

function errorOf(outcome: ProjectRunOutcome, name: string): FloeError {
  const result = outcome.results.find((candidate) => outcome.project.nodes.get(candidate.uniqueId)?.name === name);
  expect(result?.error, `${name} should have failed with an error`).toBeDefined();
  return result?.error as FloeError;
}

describe('a project that cannot be parsed is reported, and nothing is written', () => {
  it('YAML syntax error: file, line and column', async () => {
    const project = brokenProject('yaml-syntax');
    const error = only(await rejectionOf(project.run()), 'FLOE_YAML');
    expect(error.position).toMatchObject({ file: 'models/schema.yml', line: 5 });
    expect(error.position?.column).toBeGreaterThan(0);
    await expectNothingWritten(project);
  });

  it('unknown ref: the calling file and position, and the nearest model name', async () => {
    const project = brokenProject('unknown-ref');
    const error = only(await rejectionOf(project.run()), 'FLOE_REF_NOT_FOUND');
    expect(error.position).toMatchObject({ file: 'models/report.sql', line: 2 });
    expect(error.message).toContain("'order'");
    expect(error.hint).toContain("ref('orders')");
    await expectNothingWritten(project);
  });

  it('unknown source: the calling file, and the nearest source table', async () => {
    const project = brokenProject('unknown-source');
    const error = only(await rejectionOf(project.run()), 'FLOE_SOURCE_NOT_FOUND');
    expect(error.position).toMatchObject({ file: 'models/report.sql', line: 2 });
    expect(error.hint).toContain("source('shop', 'customers')");
    await expectNothingWritten(project);
  });

  it('duplicate model names: both files are named', async () => {
    const project = brokenProject('duplicate-model');
    const error = only(await rejectionOf(project.run()), 'FLOE_DUPLICATE_NODE');
    expect(error.message).toContain('models/staging/orders.sql');
    expect(error.message).toContain('models/marts/orders.sql');
    await expectNothingWritten(project);
  });

  it('a cycle: the cycle is printed, node by node', async () => {
    const project = brokenProject('cycle');
    const error = only(await rejectionOf(project.run()), 'FLOE_CYCLE');
    // printed in data-flow order, e.g. orders → refunds → payments → orders (refunds refs orders, …)
    const cycle = /cycle: (.*)$/m.exec(error.message)?.[1].split(' → ') ?? [];
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect([...new Set(cycle)].sort()).toEqual(['model.broken.orders', 'model.broken.payments', 'model.broken.refunds']);
    const refs: Record<string, string> = { 'model.broken.orders': 'model.broken.payments', 'model.broken.payments': 'model.broken.refunds', 'model.broken.refunds': 'model.broken.orders' };
    for (let i = 1; i < cycle.length; i++) expect(refs[cycle[i]]).toBe(cycle[i - 1]);
    expect(error.position?.file).toMatch(/^models\/(orders|payments|refunds)\.sql$/);
    await expectNothingWritten(project);
  });

  it('Jinja syntax error: template file and line', async () => {
    const project = brokenProject('jinja-syntax');
    const error = only(await rejectionOf(project.run()), 'FLOE_JINJA');
    expect(error.position).toMatchObject({ file: 'models/orders.sql', line: 3 });
    await expectNothingWritten(project);
  });

  it('a profile that profiles.yml does not have', async () => {
    const project = brokenProject('missing-profile');
    const error = only(await rejectionOf(project.run()), 'FLOE_PROFILE_NOT_FOUND');
    expect(error.message).toContain('warehouse');
    expect(`${error.message} ${error.hint ?? ''}`).toContain('broken');
    await expectNothingWritten(project);
  });

  it('a target the profile does not have: the available targets are listed', async () => {
    const project = brokenProject('unknown-config');
    const error = only(await rejectionOf(project.run({ target: 'prod' })), 'FLOE_TARGET_NOT_FOUND');
    expect(error.message).toContain('prod');
    const text = `${error.message} ${error.hint ?? ''}`;
    expect(text).toContain('dev');
    expect(text).toContain('ci');
    await expectNothingWritten(project);
  });
});

describe('a node that fails at run time is reported, and leaves nothing half-built', () => {
  it('Jinja runtime error in a model (a macro that does not exist): the model file and line', async () => {
    const project = brokenProject('jinja-runtime');
    const outcome = await project.run({ select: ['summary'] });
    expect(statusesOf(outcome)).toEqual({ summary: 'error' });
    const error = errorOf(outcome, 'summary');
    expect(error.code).toBe('FLOE_JINJA');
    expect(error.message).toContain('money_format');
    expect(error.position).toMatchObject({ file: 'models/summary.sql', line: 4 });
    expect(outcome.success).toBe(false);
    expect(await tablesIn(project.duckdbPath)).toEqual([]);
  });

  // Jinja2 raises UndefinedError for `undefined.values()` (here: columns[3] of a one-column result).
  it('Jinja runtime error in a model (a method called on undefined): the model file and line', async () => {
    const project = brokenProject('jinja-runtime');
    const outcome = await project.run({ select: ['report'] });
    expect(statusesOf(outcome)).toEqual({ report: 'error' });
    const error = errorOf(outcome, 'report');
    expect(error.code).toBe('FLOE_JINJA');
    expect(error.message).toContain("'result.columns[3].values' is undefined");
    expect(error.position).toMatchObject({ file: 'models/report.sql', line: 4, column: 8 });
    expect(await tablesIn(project.duckdbPath)).toEqual([]);
  });

  it('raise_compiler_error in a macro: the message, and the macro file and line', async () => {
    const project = brokenProject('jinja-runtime');
    const outcome = await project.run({ select: ['checked'] });
    expect(statusesOf(outcome)).toEqual({ checked: 'error' });
    const error = errorOf(outcome, 'checked');
    expect(error.message).toContain('require_positive: expected a positive number, got -1');
    expect(error.position).toMatchObject({ file: 'macros/require_positive.sql', line: 3 });
    expect(await tablesIn(project.duckdbPath)).toEqual([]);
  });

  it('SQL error: the node, the engine message and the offending SQL line; downstream skipped, others still built', async () => {
    const project = brokenProject('sql-error');
    const outcome = await project.run();
    expect(statusesOf(outcome)).toEqual({ orders: 'error', report: 'skipped', fine: 'success' });
    const error = errorOf(outcome, 'orders');
    expect(error.code).toBe('FLOE_SQL');
    expect(error.message).toContain('orders');
    expect(error.message).toContain('no_such_column');
    expect(error.detail).toContain('no_such_column as amount');
    expect(error.position).toMatchObject({ file: 'models/orders.sql' });
    expect(outcome.success).toBe(false);
    expect(await tablesIn(project.duckdbPath)).toEqual(['fine']);
    const runResults = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8'));
    const byId = Object.fromEntries((runResults.results as Array<{ unique_id: string; status: string; message: string }>).map((result) => [result.unique_id, result]));
    expect(byId['model.broken.orders'].status).toBe('error');
    expect(byId['model.broken.orders'].message).toContain('no_such_column');
    expect(byId['model.broken.report'].status).toBe('skipped');
  });

  it('a failed rebuild keeps the previous table and leaves no temporary relation', async () => {
    const project = brokenProject('sql-error');
    await project.run({ select: ['fine'] });
    // `fine` fails on its second build: the first version must still be there.
    writeFileSync(join(project.dir, 'models/fine.sql'), "{{ config(materialized='table') }}\nselect 1 as id, missing_column\n");
    const outcome = await project.run({ select: ['fine'] });
    expect(statusesOf(outcome)).toEqual({ fine: 'error' });
    expect(await tablesIn(project.duckdbPath)).toEqual(['fine']);
  });
});

describe('unknown config keys are warnings', () => {
  it('names the key, suggests the known one, and the run still builds the model', async () => {
    const project = brokenProject('unknown-config');
    const outcome = await project.run();
    const warnings = outcome.project.warnings.filter((warning) => warning.code === 'FLOE_UNKNOWN_CONFIG');
    expect(warnings.map((warning) => [warning.severity, warning.position?.file, warning.hint])).toEqual([
      ['warning', 'dbt_project.yml', "did you mean 'materialized'?"],
      ['warning', 'models/orders.sql', "did you mean 'unique_key'?"],
    ]);
    expect(warnings[0].position).toMatchObject({ line: 5 });
    expect(statusesOf(outcome)).toEqual({ orders: 'success' });
    expect(outcome.success).toBe(true);
    // `materialised` is not `materialized`: the model stays a view, as in dbt
    const adapter = await createAdapter({ type: 'duckdb', path: project.duckdbPath, schema: 'main' });
    try {
      const relation = await adapter.withSession((session) => adapter.getRelation(session, { schema: 'main', identifier: 'orders' }));
      expect(relation?.kind).toBe('view');
    } finally {
      await adapter.close();
    }
  });
});
