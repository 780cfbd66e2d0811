/**
 * Data tests (generic and singular): run dbt's wrapper around the test's
 * failing-rows SQL and turn the one row it returns into pass / warn / fail.
 */
import { adapterResponse } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { readTestRow, testQueryConfig, testStatus, wrapTestSql } from './test-query.js';

export async function executeTest(context: MaterializationContext): Promise<MaterializationResult> {
  const config = testQueryConfig(context.node.config);
  const result = await context.statements.execute(wrapTestSql(context.compiledSql, config));
  const row = readTestRow(result.rows[0]);
  const status = testStatus(row, config.severity);
  const message = status === 'pass' ? 'PASS' : `${status.toUpperCase()} ${row.failures}`;
  return {
    status,
    message,
    failures: row.failures,
    adapterResponse: adapterResponse('SELECT 1', 'SELECT', 1),
  };
}
