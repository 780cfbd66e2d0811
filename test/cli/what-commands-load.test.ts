/**
 * What a command loads: `floe --help` starts without the engines, drivers or
 * schemas, and a plain `floe run` with tracing and metrics off never loads
 * OpenTelemetry, prom-client, pino or the config schemas. Each package below
 * is wrapped (not replaced: the real module is returned) only to notice the
 * first time anything imports it.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerHistoryCommands } from '../../src/cli/commands/history-commands.js';
import { registerProductCommands } from '../../src/cli/commands/product-commands.js';
import { registerRunCommand } from '../../src/cli/commands/run-command.js';
import { registerTransformCommands } from '../../src/cli/commands/transform-commands.js';
import { runFloe } from './product/run-floe.js';

const { loaded, noticed } = vi.hoisted(() => {
  const seen = new Set<string>();
  return {
    loaded: seen,
    noticed: (name: string) => async (importOriginal: () => Promise<unknown>) => {
      seen.add(name);
      return importOriginal();
    },
  };
});
vi.mock('@duckdb/node-api', noticed('@duckdb/node-api'));
vi.mock('kysely', noticed('kysely'));
vi.mock('pg', noticed('pg'));
vi.mock('nunjucks', noticed('nunjucks'));
vi.mock('yaml', noticed('yaml'));
vi.mock('zod', noticed('zod'));
vi.mock('@opentelemetry/api', noticed('@opentelemetry/api'));
vi.mock('@opentelemetry/sdk-trace-node', noticed('@opentelemetry/sdk-trace-node'));
vi.mock('@opentelemetry/exporter-trace-otlp-http', noticed('@opentelemetry/exporter-trace-otlp-http'));
vi.mock('prom-client', noticed('prom-client'));
vi.mock('pino', noticed('pino'));

const ALL_COMMANDS = [registerTransformCommands, registerProductCommands, registerRunCommand, registerHistoryCommands];
const SHOP_FIXTURE = join(import.meta.dirname, '../fixtures/run/shop');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('what floe loads', () => {
  it('lists every command for --help without loading an engine, a driver, a schema library or the YAML parser', async () => {
    const result = await runFloe(ALL_COMMANDS, ['--help']);
    expect(result.code).toBe(0);
    for (const command of ['run', 'build', 'ls', 'validate', 'compile', 'init', 'status', 'logs']) expect(result.out).toContain(command);
    const runHelp = await runFloe(ALL_COMMANDS, ['run', '--help']);
    expect(runHelp.out).toContain('--env <name>');
    expect(runHelp.out).toContain('"dev"');
    expect([...loaded]).toEqual([]);
  });

  it('rejects an unknown --env before loading anything, and bad --vars with FLOE_CLI_VARS', async () => {
    const badEnv = await runFloe(ALL_COMMANDS, ['run', '--env', 'qa']);
    expect(badEnv.code).toBe(2);
    expect(badEnv.err).toMatch(/Allowed choices are dev, staging, prod/);
    expect([...loaded]).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'floe-loads-'));
    dirs.push(dir);
    const badVars = await runFloe(ALL_COMMANDS, ['ls', '--project-dir', dir, '--vars', '[1, 2]']);
    expect(badVars.code).toBe(1);
    expect(badVars.err).toContain('FLOE_CLI_VARS');
  });

  it('runs a plain dbt project with tracing and metrics off without loading OpenTelemetry, prom-client, pino or the config schemas', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-loads-'));
    dirs.push(dir);
    cpSync(SHOP_FIXTURE, dir, { recursive: true });
    const result = await runFloe(ALL_COMMANDS, ['run', '--project-dir', dir]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/SUCCESS in/);
    expect(loaded).toContain('@duckdb/node-api');
    for (const unused of ['@opentelemetry/api', '@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http', 'prom-client', 'pino', 'zod']) expect(loaded).not.toContain(unused);
  });
});
