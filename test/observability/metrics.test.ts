import { describe, expect, it } from 'vitest';
import { register as globalRegistry } from 'prom-client';
import { createMetrics } from '../../src/observability/index.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition into samples (label order in the text is not significant). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe('Prometheus metrics', () => {
  it('exposes run, step, row and lineage-failure series after a few runs', async () => {
    const metrics = await createMetrics({ defaultLabels: { service: 'floe-test' } });
    metrics.recordRun({ product: 'shop', status: 'success', durationSeconds: 12 });
    metrics.recordRun({ product: 'shop', status: 'success', durationSeconds: 40 });
    metrics.recordRun({ product: 'shop', status: 'failure', durationSeconds: 3 });
    metrics.recordRun({ product: 'crm', status: 'canceled', durationSeconds: 1 });
    metrics.recordStep({ product: 'shop', resourceType: 'model', durationSeconds: 0.2, rowsWritten: 100 });
    metrics.recordStep({ product: 'shop', resourceType: 'model', durationSeconds: 2, rowsWritten: 50 });
    metrics.recordStep({ product: 'shop', resourceType: 'test', durationSeconds: 0.03 });
    metrics.lineageEventsFailedTotal.inc();

    const text = await metrics.metrics();
    const samples = parseExposition(text);
    for (const [name, type] of [
      ['floe_runs_total', 'counter'],
      ['floe_runs_failed_total', 'counter'],
      ['floe_run_duration_seconds', 'histogram'],
      ['floe_step_duration_seconds', 'histogram'],
      ['floe_rows_written_total', 'counter'],
      ['floe_lineage_events_failed_total', 'counter'],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}`);
    }
    const service = 'floe-test';
    expect(valueOf(samples, 'floe_runs_total', { product: 'shop', status: 'success', service })).toBe(2);
    expect(valueOf(samples, 'floe_runs_total', { product: 'shop', status: 'failure' })).toBe(1);
    expect(valueOf(samples, 'floe_runs_total', { product: 'crm', status: 'canceled' })).toBe(1);
    expect(valueOf(samples, 'floe_runs_failed_total', { product: 'shop' })).toBe(1);
    expect(valueOf(samples, 'floe_runs_failed_total', { product: 'crm' })).toBeUndefined();

    expect(valueOf(samples, 'floe_run_duration_seconds_bucket', { product: 'shop', le: '5' })).toBe(1);
    expect(valueOf(samples, 'floe_run_duration_seconds_bucket', { product: 'shop', le: '15' })).toBe(2);
    expect(valueOf(samples, 'floe_run_duration_seconds_bucket', { product: 'shop', le: '60' })).toBe(3);
    expect(valueOf(samples, 'floe_run_duration_seconds_bucket', { product: 'shop', le: '+Inf' })).toBe(3);
    expect(valueOf(samples, 'floe_run_duration_seconds_sum', { product: 'shop' })).toBe(55);
    expect(valueOf(samples, 'floe_run_duration_seconds_count', { product: 'shop' })).toBe(3);

    expect(valueOf(samples, 'floe_step_duration_seconds_count', { product: 'shop', resource_type: 'model' })).toBe(2);
    expect(valueOf(samples, 'floe_step_duration_seconds_bucket', { product: 'shop', resource_type: 'test', le: '0.05' })).toBe(1);
    expect(valueOf(samples, 'floe_step_duration_seconds_bucket', { product: 'shop', resource_type: 'model', le: '1' })).toBe(1);
    expect(valueOf(samples, 'floe_rows_written_total', { product: 'shop' })).toBe(150);
    expect(valueOf(samples, 'floe_lineage_events_failed_total', { service })).toBe(1);

    // Process metrics come along; the content type is Prometheus text format.
    expect(samples.some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
    expect(metrics.contentType).toContain('text/plain');
  });

  it('keeps each registry separate and leaves the global default registry alone', async () => {
    const a = await createMetrics({ processMetrics: false });
    const b = await createMetrics({ processMetrics: false });
    a.recordRun({ product: 'p', status: 'success', durationSeconds: 1 });
    expect(valueOf(parseExposition(await a.metrics()), 'floe_runs_total', { product: 'p' })).toBe(1);
    const other = parseExposition(await b.metrics());
    expect(other.filter((s) => s.name === 'floe_runs_total')).toEqual([]);
    expect(other.some((s) => s.name.startsWith('process_'))).toBe(false);
    expect(await globalRegistry.metrics()).not.toContain('floe_runs_total');
  });
});
