import { describe, expect, it } from 'vitest';
import { injectCtes, mergeCteLists } from '../../../src/transform/execution/ephemeral-ctes.js';

const cte = (name: string, sql = `select 1 as ${name}`) => ({ id: `model.demo.${name}`, name: `__dbt__cte__${name}`, sql });

describe('injectCtes', () => {
  it('prepends a WITH when the SQL has none', () => {
    expect(injectCtes('select * from __dbt__cte__a', [cte('a')])).toBe('with __dbt__cte__a as (\nselect 1 as a\n)\nselect * from __dbt__cte__a');
  });

  it('merges into an existing leading WITH, after comments, keeping the user CTEs', () => {
    const sql = '-- orders\n/* note */\nWITH x as (select 1) select * from x join __dbt__cte__a on true';
    expect(injectCtes(sql, [cte('a')])).toBe(
      '-- orders\n/* note */\nwith __dbt__cte__a as (\nselect 1 as a\n), x as (select 1) select * from x join __dbt__cte__a on true',
    );
  });

  it('keeps WITH RECURSIVE valid', () => {
    expect(injectCtes('with recursive r as (select 1) select * from r', [cte('a')])).toMatch(/^with recursive __dbt__cte__a as \(\nselect 1 as a\n\), r as/);
  });

  it('does not mistake a column named with_x for a WITH clause', () => {
    expect(injectCtes('select with_x from t', [cte('a')])).toMatch(/^with __dbt__cte__a as/);
  });

  it('leaves SQL alone when there is nothing to inline', () => {
    expect(injectCtes('select 1', [])).toBe('select 1');
  });
});

describe('mergeCteLists', () => {
  it('keeps dependencies first and each CTE once', () => {
    const merged = mergeCteLists([[cte('base'), cte('a')], [cte('base'), cte('b')]]);
    expect(merged.map((c) => c.name)).toEqual(['__dbt__cte__base', '__dbt__cte__a', '__dbt__cte__b']);
  });
});
