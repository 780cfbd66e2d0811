/**
 * `target/run_results.json` in dbt's v6 shape, for the fields floe fills.
 * Tools that read dbt's artifacts (dbt-artifacts packages, Elementary, data
 * catalogs) key on `unique_id`, `status`, `timing`, `execution_time`,
 * `failures`, `adapter_response` and `compiled_code`, so those follow dbt exactly.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/index.js';
import type { NodeResult, ManifestNode } from '../types.js';
import type { SqlDialect } from '../../compute/index.js';

export const RUN_RESULTS_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
/** The dbt version whose artifact shapes floe mirrors (readers check it). */
export { DBT_COMPATIBLE_VERSION as DBT_COMPAT_VERSION } from '../dbt-version.js';
import { DBT_COMPATIBLE_VERSION as DBT_COMPAT_VERSION } from '../dbt-version.js';

export interface TimingInfo {
  name: 'compile' | 'execute';
  started_at: string;
  completed_at: string;
}

/** What the writer needs beyond `NodeResult`; all optional. */
export interface RunResultDetails {
  timing?: TimingInfo[];
  threadId?: string;
}

export interface RunResultsInput {
  results: NodeResult[];
  elapsedSeconds: number;
  invocationId: string;
  /** The command's arguments (`which`, `select`, `full_refresh`, …), nulls dropped as dbt does. */
  args?: Record<string, unknown>;
  /** Nodes by unique id, for `relation_name` and test messages. */
  nodes?: Map<string, ManifestNode>;
  /** Per-node timing and thread, by unique id. */
  details?: Map<string, RunResultDetails>;
  dialect?: Pick<SqlDialect, 'renderRelation'>;
  generatedAt?: Date;
}

export interface RunResultJson {
  status: string;
  timing: TimingInfo[];
  thread_id: string;
  execution_time: number;
  adapter_response: Record<string, unknown>;
  message: string | null;
  failures: number | null;
  unique_id: string;
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  batch_results: null;
}

export interface RunResultsJson {
  metadata: {
    dbt_schema_version: string;
    dbt_version: string;
    generated_at: string;
    invocation_id: string;
    env: Record<string, string>;
  };
  results: RunResultJson[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

export function buildRunResultsJson(input: RunResultsInput): RunResultsJson {
  const generatedAt = (input.generatedAt ?? new Date()).toISOString();
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
      dbt_version: DBT_COMPAT_VERSION,
      generated_at: generatedAt,
      invocation_id: input.invocationId,
      env: {},
    },
    results: input.results.map((result) => resultJson(result, input)),
    elapsed_time: input.elapsedSeconds,
    args: dropNulls(input.args ?? {}),
  };
}

/** Writes `<targetDir>/run_results.json` atomically and returns its path. */
export function writeRunResultsJson(targetDir: string, input: RunResultsInput): string {
  const path = join(targetDir, 'run_results.json');
  writeFileAtomic(path, `${JSON.stringify(buildRunResultsJson(input), null, 2)}\n`);
  return path;
}

function resultJson(result: NodeResult, input: RunResultsInput): RunResultJson {
  const node = input.nodes?.get(result.uniqueId);
  const details = input.details?.get(result.uniqueId);
  const skipped = result.status === 'skipped';
  const relation = result.relation ?? node?.relation;
  return {
    status: result.status,
    timing: skipped ? [] : (details?.timing ?? defaultTiming(result)),
    thread_id: details?.threadId ?? 'Thread-1',
    execution_time: result.executionTime,
    adapter_response: result.adapterResponse,
    message: messageFor(result, node),
    failures: result.failures ?? (node?.resourceType === 'test' && !skipped ? 0 : null),
    unique_id: result.uniqueId,
    compiled: skipped ? false : result.compiledSql !== undefined,
    compiled_code: result.compiledSql ?? null,
    relation_name: relation && input.dialect && node?.config.materialized !== 'ephemeral' && node?.resourceType !== 'test'
      ? input.dialect.renderRelation(relation)
      : null,
    batch_results: null,
  };
}

function defaultTiming(result: NodeResult): TimingInfo[] {
  return [{ name: 'execute', started_at: result.startedAt, completed_at: result.completedAt }];
}

/** dbt's messages: tests say "Got N results, configured to fail if != 0"; errors carry the error text; skips and passes are null. */
function messageFor(result: NodeResult, node: ManifestNode | undefined): string | null {
  if (result.status === 'skipped') return null;
  if (result.status === 'error' || result.status === 'runtime error') return result.error?.message ?? result.message;
  if (node?.resourceType === 'test') {
    if (result.status === 'pass') return null;
    const failures = result.failures ?? 0;
    const condition = result.status === 'fail' ? (node.config.error_if ?? '!= 0') : (node.config.warn_if ?? '!= 0');
    const verb = result.status === 'fail' ? 'fail' : 'warn';
    return `Got ${failures} result${failures === 1 ? '' : 's'}, configured to ${verb} if ${condition}`;
  }
  return result.message;
}

function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined));
}
