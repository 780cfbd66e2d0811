/**
 * The SQL of a unit test (dbt 1.8+): each `given` input as a CTE of typed
 * literal rows (types from the real input relation, so the model sees what
 * it would see), the model's SQL over those CTEs, the `expect` rows typed
 * like the model's output, and the rows in one but not the other (each way,
 * duplicates counted: `except all`).
 */
import { parseCsvText, type ColumnDescription, type SqlDialect } from '../../compute/index.js';
import { FloeError } from '../../errors/index.js';
import type { UnitTestFixture } from '../types.js';

export const ACTUAL_CTE = 'dbt_internal_unit_test_actual';
export const EXPECTED_CTE = 'dbt_internal_unit_test_expected';
/** The column saying on which side a differing row is. */
export const DIFF_COLUMN = 'dbt_internal_unit_test_side';

/** Rows of a dict or csv fixture as column → value (csv values are text; an empty unquoted field is null). */
export function fixtureRows(fixture: UnitTestFixture, what: string): Array<Record<string, unknown>> {
  if (fixture.format === 'dict') return fixture.rows as Array<Record<string, unknown>>;
  if (fixture.format !== 'csv') throw new Error('internal: sql fixtures have no rows');
  const records = parseCsvText(String(fixture.rows), ',', what);
  if (records.length === 0) return [];
  const header = records[0].fields.map((field) => field.text.trim());
  return records.slice(1).map((record) => Object.fromEntries(header.map((name, i) => {
    const field = record.fields[i];
    return [name, field === undefined || (field.text === '' && !field.quoted) ? null : field.text];
  })));
}

/** The columns a fixture names (dict keys in order of first appearance, or the csv header). */
export function fixtureColumns(fixture: UnitTestFixture, what: string): string[] {
  const names: string[] = [];
  for (const row of fixtureRows(fixture, what)) for (const key of Object.keys(row)) if (!names.includes(key)) names.push(key);
  if (names.length === 0 && fixture.format === 'csv') {
    const header = parseCsvText(String(fixture.rows), ',', what)[0];
    if (header) return header.fields.map((f) => f.text.trim());
  }
  return names;
}

function literal(value: unknown, dialect: SqlDialect): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return dialect.quoteString(value.toISOString().replace('T', ' ').replace('Z', ''));
  if (typeof value === 'object') return dialect.quoteString(JSON.stringify(value));
  return dialect.quoteString(String(value));
}

/**
 * A select of the fixture's rows with every column of `columns` (those a row
 * leaves out are null), each cast to its type. `where false` when there are none.
 */
export function fixtureSelect(fixture: UnitTestFixture, columns: ColumnDescription[], dialect: SqlDialect, what: string): string {
  if (fixture.format === 'sql') return String(fixture.rows);
  const rows = fixtureRows(fixture, what);
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!byName.has(key.toLowerCase())) {
        throw new FloeError('FLOE_UNIT_TEST_INVALID', `${what} has a column '${key}' that is not one of ${columns.map((c) => c.name).join(', ')}`, {
          hint: 'fixture columns must be columns of the relation they stand in for',
        });
      }
    }
  }
  const select = (row: Record<string, unknown> | undefined): string =>
    'select ' +
    columns
      .map((column) => {
        const key = row ? Object.keys(row).find((k) => k.toLowerCase() === column.name.toLowerCase()) : undefined;
        const value = row && key !== undefined ? row[key] : null;
        return `cast(${literal(value, dialect)} as ${column.dataType}) as ${dialect.quoteIdentifier(column.name)}`;
      })
      .join(', ');
  if (rows.length === 0) return `${select(undefined)} where 1 = 0`;
  return rows.map((row) => select(row)).join('\nunion all\n');
}

export interface UnitTestQueryParts {
  /** [cte name, its select] for each given input. */
  inputs: Array<[string, string]>;
  modelSql: string;
  /** The columns the expect rows name, as the model returns them. */
  expectedColumns: ColumnDescription[];
  expectedSelect: string;
}

export function withInputs(inputs: Array<[string, string]>, body: string): string {
  if (inputs.length === 0) return body;
  return `with ${inputs.map(([name, sql]) => `${name} as (\n${sql}\n)`).join(',\n')}\n${body}`;
}

export function unitTestComparison(parts: UnitTestQueryParts, dialect: SqlDialect): string {
  const columns = parts.expectedColumns.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  const model = parts.modelSql.replace(/[\s;]+$/, '');
  const ctes: Array<[string, string]> = [
    ...parts.inputs,
    [ACTUAL_CTE, `select ${columns} from (\n${model}\n) as dbt_internal_unit_test_model`],
    [EXPECTED_CTE, parts.expectedSelect],
  ];
  const side = (name: string, first: string, second: string) =>
    `select '${name}' as ${DIFF_COLUMN}, ${columns} from (select ${columns} from ${first} except all select ${columns} from ${second}) as dbt_internal_${name}_only`;
  return withInputs(ctes, `${side('actual', ACTUAL_CTE, EXPECTED_CTE)}\nunion all\n${side('expected', EXPECTED_CTE, ACTUAL_CTE)}`);
}
