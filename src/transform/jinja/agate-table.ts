/**
 * The agate-like table that `run_query()` and `load_result()` hand to
 * templates, covering what common dbt macros use: `.columns[i].values()`,
 * `.columns['name']`, `.column_names`, `.rows`, `rows[i][j]`, `rows[i]['col']`,
 * iteration over rows, `| length`, `.print_table()` (a no-op here).
 */
import type { ColumnDescription, QueryResult } from '../../compute/index.js';
import { fromIsoFormat, PyDateTime, UTC } from './python-datetime.js';

/**
 * A cell as Python's driver hands it to agate: timestamps and dates as
 * datetime/date objects (so `{{ value }}` prints `2024-01-02 03:04:05`, a
 * literal SQL reads back), everything else as it came.
 */
function pythonCell(value: unknown, dataType: string): unknown {
  if (value instanceof Date) return PyDateTime.fromDate(value, /with time zone|timestamptz|timestamp_tz/i.test(dataType) ? UTC : null);
  if (typeof value === 'string' && /^date$/i.test(dataType.trim()) && /^\d{4}-\d{2}-\d{2}$/.test(value)) return fromIsoFormat(value).date();
  return value;
}

/** Give an array named members without clobbering Array methods or indices. */
function addNamedMembers<T>(list: T[], names: string[]): void {
  names.forEach((name, i) => {
    if (/^\d+$/.test(name) || name in list) return;
    Object.defineProperty(list, name, { value: list[i], enumerable: false });
  });
}

export class AgateColumn {
  readonly name: string;
  readonly data_type: string;
  private readonly cells: unknown[];
  constructor(name: string, dataType: string, cells: unknown[]) {
    this.name = name;
    this.data_type = dataType;
    this.cells = cells;
  }
  values(): unknown[] {
    return [...this.cells];
  }
  values_distinct(): unknown[] {
    return [...new Set(this.cells)];
  }
  without_nulls(): unknown[] {
    return this.cells.filter((v) => v !== null && v !== undefined);
  }
  __len__(): number {
    return this.cells.length;
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.cells[Symbol.iterator]();
  }
}

/** A row: an array of cells that also answers `row['column']`, `row.keys()`, `row.values()`, `row.items()`. */
export type AgateRow = unknown[] & Record<string, unknown>;

function makeRow(names: string[], cells: unknown[]): AgateRow {
  const row = [...cells] as AgateRow;
  addNamedMembers(row, names);
  Object.defineProperties(row, {
    keys: { value: () => [...names], enumerable: false },
    values: { value: () => [...cells], enumerable: false },
    items: { value: () => names.map((n, i) => [n, cells[i]]), enumerable: false },
    dict: { value: () => Object.fromEntries(names.map((n, i) => [n, cells[i]])), enumerable: false },
  });
  return row;
}

export class AgateTable {
  readonly columns: AgateColumn[];
  readonly rows: AgateRow[];
  readonly column_names: string[];
  readonly column_types: string[];

  constructor(columns: ColumnDescription[], rows: Record<string, unknown>[]) {
    this.column_names = columns.map((c) => c.name);
    this.column_types = columns.map((c) => c.dataType);
    this.rows = rows.map((row) => makeRow(this.column_names, columns.map((c) => pythonCell(row[c.name], c.dataType))));
    this.columns = columns.map((c, i) => new AgateColumn(c.name, c.dataType, this.rows.map((r) => r[i])));
    addNamedMembers(this.columns, this.column_names);
    // agate's MappedSequence: `table.columns.items()`, `.keys()`, `.values()`, `.get(name)`.
    const names = this.column_names;
    const list = this.columns;
    Object.defineProperties(list, {
      keys: { value: () => [...names], enumerable: false },
      values: { value: () => [...list], enumerable: false },
      items: { value: () => names.map((n, i) => [n, list[i]]), enumerable: false },
      get: { value: (name: unknown, fallback: unknown = null) => list[names.indexOf(String(name))] ?? fallback, enumerable: false },
    });
  }

  static fromQueryResult(result: QueryResult): AgateTable {
    return new AgateTable(result.columns, result.rows);
  }

  static empty(): AgateTable {
    return new AgateTable([], []);
  }

  print_table(): string {
    return '';
  }

  /** As Python prints an agate table. */
  toString(): string {
    return `<agate.table.Table object: ${this.rows.length} rows, columns ${this.column_names.join(', ')}>`;
  }

  __len__(): number {
    return this.rows.length;
  }

  [Symbol.iterator](): Iterator<AgateRow> {
    return this.rows[Symbol.iterator]();
  }
}

/** What `load_result(name)` returns: `.data` (rows as lists), `.table`, `.response`. */
export interface StatementResult {
  data: unknown[][];
  table: AgateTable;
  response: { _message: string; code: string; rows_affected: number };
}

export function statementResult(result: QueryResult | undefined): StatementResult {
  const table = result ? AgateTable.fromQueryResult(result) : AgateTable.empty();
  return {
    data: table.rows.map((row) => [...row]),
    table,
    response: { _message: result ? 'OK' : '', code: result ? 'OK' : '', rows_affected: result?.rowsAffected ?? result?.rows.length ?? 0 },
  };
}
