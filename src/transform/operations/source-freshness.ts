/**
 * `floe source freshness` (dbt source freshness): for every selected source
 * table with a `freshness:` and a `loaded_at_field`, how long ago its newest
 * row was loaded, against `warn_after` / `error_after`; written to
 * target/sources.json (dbt's sources v3). Timestamps without a time zone are
 * read as UTC, as dbt does.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FloeError } from '../../errors/index.js';
import { writeFileAtomic } from '../../files/index.js';
import { DBT_COMPATIBLE_VERSION } from '../dbt-version.js';
import type { SourceTable } from '../types.js';
import { openProject, type ProjectOperationOptions } from './open-project.js';

export const SOURCES_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/sources/v3.json';

const PERIOD_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };

interface Threshold {
  count: number;
  period: string;
}

export interface FreshnessResult {
  source: SourceTable;
  status: 'pass' | 'warn' | 'error' | 'runtime error';
  maxLoadedAt?: string;
  snapshottedAt: string;
  ageSeconds?: number;
  criteria: { warn_after: Threshold | null; error_after: Threshold | null; filter: string | null };
  error?: FloeError;
  executionTime: number;
}

function threshold(value: unknown, source: SourceTable, key: string): Threshold | null {
  if (value === undefined || value === null) return null;
  const entry = value as { count?: unknown; period?: unknown };
  const count = Number(entry.count);
  const period = String(entry.period ?? '');
  if (!Number.isFinite(count) || !(period in PERIOD_SECONDS)) {
    throw new FloeError('FLOE_FRESHNESS_INVALID', `source ${source.sourceName}.${source.name}: freshness ${key} needs count: <number> and period: minute, hour or day`, {
      position: source.position,
    });
  }
  return { count, period };
}

function toMillis(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const millis = Date.parse(withZone);
  return Number.isNaN(millis) ? undefined : millis;
}

/** The source tables freshness applies to: a freshness block (not null) and a loaded_at_field. */
export function freshnessOf(source: SourceTable): { warn: Threshold | null; error: Threshold | null; filter: string | null } | undefined {
  const freshness = source.freshness as { warn_after?: unknown; error_after?: unknown; filter?: unknown } | null | undefined;
  if (!freshness || !source.loadedAtField) return undefined;
  const warn = threshold(freshness.warn_after, source, 'warn_after');
  const error = threshold(freshness.error_after, source, 'error_after');
  if (!warn && !error) return undefined;
  return { warn, error, filter: freshness.filter === undefined || freshness.filter === null ? null : String(freshness.filter) };
}

export async function checkSourceFreshness(options: ProjectOperationOptions): Promise<{ results: FreshnessResult[]; path: string; warnings: FloeError[] }> {
  const opened = await openProject({ ...options, resourceTypes: ['source'] });
  const { project, adapter, targetDir } = opened;
  const started = performance.now();
  try {
    const results: FreshnessResult[] = [];
    for (const id of opened.selected) {
      const source = project.sources.get(id);
      const freshness = source ? freshnessOf(source) : undefined;
      if (!source || !freshness) continue;
      const began = performance.now();
      const snapshottedAt = new Date();
      const criteria = { warn_after: freshness.warn, error_after: freshness.error, filter: freshness.filter };
      try {
        const sql = `select max(${source.loadedAtField}) as max_loaded_at from ${adapter.dialect.renderRelation(source.relation)}${freshness.filter ? ` where ${freshness.filter}` : ''}`;
        const { rows } = await adapter.withSession((session) => session.execute(sql));
        const loaded = toMillis(rows[0]?.max_loaded_at);
        if (loaded === undefined) {
          throw new FloeError('FLOE_FRESHNESS_NO_ROWS', `source ${source.sourceName}.${source.name} has no ${source.loadedAtField} values, so its freshness is unknown`, {
            position: source.position,
            detail: sql,
          });
        }
        const ageSeconds = Math.max(0, (snapshottedAt.getTime() - loaded) / 1000);
        const over = (limit: Threshold | null): boolean => limit !== null && ageSeconds > limit.count * PERIOD_SECONDS[limit.period];
        results.push({
          source,
          status: over(freshness.error) ? 'error' : over(freshness.warn) ? 'warn' : 'pass',
          maxLoadedAt: new Date(loaded).toISOString(),
          snapshottedAt: snapshottedAt.toISOString(),
          ageSeconds,
          criteria,
          executionTime: (performance.now() - began) / 1000,
        });
      } catch (error) {
        const floeError = error instanceof FloeError ? error : new FloeError('FLOE_FRESHNESS_FAILED', `source ${source.sourceName}.${source.name}: ${(error as Error).message}`, { position: source.position, cause: error });
        results.push({ source, status: 'runtime error', snapshottedAt: snapshottedAt.toISOString(), criteria, error: floeError, executionTime: (performance.now() - began) / 1000 });
      }
    }
    const document = {
      metadata: { dbt_schema_version: SOURCES_SCHEMA_VERSION, dbt_version: DBT_COMPATIBLE_VERSION, generated_at: new Date().toISOString(), invocation_id: randomUUID(), env: {} },
      results: results.map((r) =>
        r.status === 'runtime error'
          ? { unique_id: r.source.uniqueId, error: r.error?.message ?? null, status: 'runtime error' }
          : {
              unique_id: r.source.uniqueId,
              max_loaded_at: r.maxLoadedAt,
              snapshotted_at: r.snapshottedAt,
              max_loaded_at_time_ago_in_s: r.ageSeconds,
              status: r.status,
              criteria: r.criteria,
              adapter_response: {},
              timing: [],
              thread_id: 'Thread-1',
              execution_time: r.executionTime,
            },
      ),
      elapsed_time: (performance.now() - started) / 1000,
    };
    const path = join(targetDir, 'sources.json');
    writeFileAtomic(path, `${JSON.stringify(document, null, 2)}\n`);
    return { results, path, warnings: project.warnings };
  } finally {
    await opened.close();
  }
}
