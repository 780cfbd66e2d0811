import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTerminal } from '../../../src/cli/output/terminal.js';
import { createRunPrinter } from '../../../src/cli/output/run-printer.js';
import { FloeError } from '../../../src/errors/index.js';
import type { ManifestNode, NodeResult } from '../../../src/transform/index.js';
import type { ComputeAdapter } from '../../../src/compute/index.js';

function capture(): { terminal: ReturnType<typeof createTerminal>; text: () => string } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { terminal: createTerminal(out, out), text: () => chunks.join('') };
}

function model(name: string, materialized: 'table' | 'view' = 'table'): ManifestNode {
  return {
    uniqueId: `model.shop.${name}`, resourceType: 'model', name, packageName: 'shop', path: `${name}.sql`,
    originalFilePath: `models/${name}.sql`, absolutePath: `/p/models/${name}.sql`, fqn: ['shop', name], rawCode: '', checksum: '',
    config: { enabled: true, materialized, tags: [], meta: {} }, description: '', columns: {}, refs: [], sources: [],
    dependsOn: { nodes: [], macros: [] }, relation: { schema: 'main', identifier: name }, position: { file: `models/${name}.sql` },
  };
}

function result(uniqueId: string, status: NodeResult['status'], message: string, extra: Partial<NodeResult> = {}): NodeResult {
  return { uniqueId, status, message, executionTime: 0.04, startedAt: '', completedAt: '', adapterResponse: {}, ...extra };
}

describe('run printer', () => {
  it('prints one line per finished node, a short ERROR tag, and the full error in the summary', () => {
    const { terminal, text } = capture();
    const printer = createRunPrinter(terminal);
    const orders = model('orders');
    const report = model('report', 'view');
    printer.onRunStart?.({ nodes: [orders, report], threads: 2, adapter: { type: 'duckdb' } as ComputeAdapter });
    const error = new FloeError('FLOE_SQL', 'model orders failed: Binder Error: column "x" not found\nCandidate bindings: "id"', { position: { file: 'models/orders.sql' } });
    printer.onNodeFinish?.(orders, result(orders.uniqueId, 'error', error.message, { error }), 1, 2);
    printer.onNodeFinish?.(report, result(report.uniqueId, 'skipped', ''), 2, 2);
    printer.onRunFinish?.([result(orders.uniqueId, 'error', ''), result(report.uniqueId, 'skipped', '')], 0.2);
    const output = text();
    expect(output).toContain('Running with 2 threads on duckdb: 2 models');
    expect(output).toMatch(/1 of 2 ERROR creating table model main\.orders \.+ \[ERROR in 0\.04s\]/);
    expect(output).toMatch(/2 of 2 SKIP view model main\.report \.+ \[SKIP\]/);
    expect(output).toContain('Failure in model orders (models/orders.sql)');
    expect(output).toContain('Candidate bindings: "id"');
    expect(output).toContain('PASS=0 WARN=0 ERROR=1 SKIP=1 TOTAL=2');
  });

  it('reports test failures and warnings with their counts', () => {
    const { terminal, text } = capture();
    const printer = createRunPrinter(terminal);
    const test = { ...model('unique_orders_id'), uniqueId: 'test.shop.unique_orders_id.abc', resourceType: 'test' as const, config: { enabled: true, materialized: 'test' as const, tags: [], meta: {} } };
    printer.onRunStart?.({ nodes: [test], threads: 1, adapter: { type: 'postgres' } as ComputeAdapter });
    printer.onNodeFinish?.(test, result(test.uniqueId, 'warn', 'WARN 3', { failures: 3 }), 1, 1);
    printer.onRunFinish?.([result(test.uniqueId, 'warn', 'WARN 3', { failures: 3 })], 0.1);
    const output = text();
    expect(output).toMatch(/1 of 1 WARN 3 unique_orders_id \.+ \[WARN 3 in 0\.04s\]/);
    expect(output).toContain('Completed with 1 warning:');
    expect(output).toContain('Got 3 results, configured to warn if != 0');
    expect(output).toContain('WARN=1');
  });
});
