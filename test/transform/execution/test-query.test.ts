import { describe, expect, it } from 'vitest';
import { readTestRow, testQueryConfig, testStatus, wrapTestSql } from '../../../src/transform/execution/test-query.js';
import type { NodeConfig } from '../../../src/transform/types.js';

const config = (overrides: Partial<NodeConfig>) => ({ enabled: true, materialized: 'test', tags: [], meta: {}, ...overrides }) as NodeConfig;

describe('test status (dbt rules)', () => {
  it('fails an error-severity test when error_if holds', () => {
    expect(testStatus({ shouldWarn: true, shouldError: true }, 'error')).toBe('fail');
  });
  it('warns an error-severity test when only warn_if holds', () => {
    expect(testStatus({ shouldWarn: true, shouldError: false }, 'error')).toBe('warn');
  });
  it('only ever warns a warn-severity test, whatever error_if says', () => {
    expect(testStatus({ shouldWarn: true, shouldError: true }, 'warn')).toBe('warn');
    expect(testStatus({ shouldWarn: false, shouldError: true }, 'warn')).toBe('pass');
  });
  it('passes when neither holds', () => {
    expect(testStatus({ shouldWarn: false, shouldError: false }, 'error')).toBe('pass');
  });
});

describe('testQueryConfig', () => {
  it("uses dbt's defaults", () => {
    expect(testQueryConfig(config({}))).toEqual({ failCalc: 'count(*)', warnIf: '!= 0', errorIf: '!= 0', limit: undefined, severity: 'error' });
  });
  it('reads severity case-insensitively and keeps thresholds and limit', () => {
    expect(testQueryConfig(config({ severity: 'WARN' as 'warn', warn_if: '> 10', error_if: '>= 100', limit: 5 }))).toMatchObject({ severity: 'warn', warnIf: '> 10', errorIf: '>= 100', limit: 5 });
  });
});

describe('wrapTestSql', () => {
  it("wraps the failing-rows query as dbt's get_test_sql, with the limit inside", () => {
    const sql = wrapTestSql('select id from t where id is null;', testQueryConfig(config({ error_if: '> 2', limit: 10 })));
    expect(sql).toBe([
      'select',
      '  count(*) as failures,',
      '  count(*) != 0 as should_warn,',
      '  count(*) > 2 as should_error',
      'from (',
      '  select id from t where id is null',
      '  limit 10',
      ') dbt_internal_test',
    ].join('\n'));
  });
});

describe('readTestRow', () => {
  it('accepts the types engines return', () => {
    expect(readTestRow({ failures: 3n, should_warn: 't', should_error: 1 })).toEqual({ failures: 3, shouldWarn: true, shouldError: true });
    expect(readTestRow({ failures: '0', should_warn: false, should_error: 'false' })).toEqual({ failures: 0, shouldWarn: false, shouldError: false });
  });
});
