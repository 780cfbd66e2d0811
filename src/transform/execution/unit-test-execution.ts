/**
 * Runs a unit test's comparison query (see unit-test-sql.ts): no row means
 * the model turned the given rows into exactly the expected ones. Otherwise
 * the test fails and its error lists the rows that differ, each marked
 * `+` (the model returned it, not expected) or `-` (expected, not returned).
 */
import { FloeError } from '../../errors/index.js';
import { pythonStr } from '../jinja/index.js';
import { adapterResponse } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { DIFF_COLUMN } from './unit-test-sql.js';

const SHOWN_ROWS = 20;

export async function executeUnitTest(context: MaterializationContext): Promise<MaterializationResult> {
  const result = await context.statements.query(context.compiledSql);
  const rows = result.rows;
  if (rows.length === 0) return { status: 'pass', message: 'PASS', failures: 0, adapterResponse: adapterResponse('SELECT 0', 'SELECT', 0) };
  const columns = result.columns.map((c) => c.name).filter((name) => name !== DIFF_COLUMN);
  const lines = [`   ${columns.join(' | ')}`];
  for (const row of rows.slice(0, SHOWN_ROWS)) lines.push(`${row[DIFF_COLUMN] === 'actual' ? '+' : '-'}  ${columns.map((c) => pythonStr(row[c])).join(' | ')}`);
  if (rows.length > SHOWN_ROWS) lines.push(`   … ${rows.length - SHOWN_ROWS} more`);
  const node = context.node;
  return {
    status: 'fail',
    message: `FAIL ${rows.length}`,
    failures: rows.length,
    adapterResponse: adapterResponse(`SELECT ${rows.length}`, 'SELECT', rows.length),
    error: new FloeError('FLOE_UNIT_TEST_FAILED', `unit test ${node.name}: the model's rows differ from the expected rows (+ returned but not expected, - expected but not returned)`, {
      position: node.position,
      detail: lines.join('\n'),
    }),
  };
}
