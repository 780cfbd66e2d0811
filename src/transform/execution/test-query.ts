/**
 * A data test's SQL returns failing rows. dbt wraps it so one row says how
 * many failed and whether that crosses `warn_if` / `error_if`; the status
 * then follows the test's severity. Same wrapper and same rules here, so a
 * project's tests pass, warn and fail exactly as they do under dbt.
 */
import type { NodeConfig } from '../types.js';

export type TestStatus = 'pass' | 'warn' | 'fail';

export interface TestQueryConfig {
  failCalc: string;
  warnIf: string;
  errorIf: string;
  limit?: number;
  severity: 'error' | 'warn';
}

export function testQueryConfig(config: NodeConfig): TestQueryConfig {
  const severity = String(config.severity ?? 'error').toLowerCase() === 'warn' ? 'warn' : 'error';
  const limit = config.limit === undefined || config.limit === null ? undefined : Number(config.limit);
  return {
    failCalc: typeof config.fail_calc === 'string' && config.fail_calc.trim() !== '' ? config.fail_calc : 'count(*)',
    warnIf: config.warn_if ?? '!= 0',
    errorIf: config.error_if ?? '!= 0',
    limit: limit !== undefined && Number.isFinite(limit) ? limit : undefined,
    severity,
  };
}

/** dbt's `get_test_sql`: one row with `failures`, `should_warn`, `should_error`. */
export function wrapTestSql(sql: string, config: TestQueryConfig): string {
  const limit = config.limit !== undefined ? `\n  limit ${config.limit}` : '';
  return [
    'select',
    `  ${config.failCalc} as failures,`,
    `  ${config.failCalc} ${config.warnIf} as should_warn,`,
    `  ${config.failCalc} ${config.errorIf} as should_error`,
    'from (',
    `  ${stripTrailingSemicolon(sql)}${limit}`,
    ') dbt_internal_test',
  ].join('\n');
}

/** dbt's rule: severity error → fail when error_if holds, otherwise warn when warn_if holds; severity warn → only ever warn. */
export function testStatus(row: { shouldWarn: boolean; shouldError: boolean }, severity: 'error' | 'warn'): TestStatus {
  if (severity === 'error' && row.shouldError) return 'fail';
  if (row.shouldWarn) return 'warn';
  return 'pass';
}

export interface TestRow {
  failures: number;
  shouldWarn: boolean;
  shouldError: boolean;
}

/** Reads the wrapper's single row, whatever types the engine returned. */
export function readTestRow(row: Record<string, unknown> | undefined): TestRow {
  if (!row) return { failures: 0, shouldWarn: false, shouldError: false };
  return {
    failures: toNumber(row.failures),
    shouldWarn: toBoolean(row.should_warn),
    shouldError: toBoolean(row.should_error),
  };
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return 0;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  if (typeof value === 'string') return ['true', 't', '1'].includes(value.toLowerCase());
  return false;
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '').trimEnd();
}
