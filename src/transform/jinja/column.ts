/**
 * dbt's Column (what `adapter.get_columns_in_relation` returns and
 * `api.Column` creates): the name, the type split into its base name and
 * size/precision/scale, the `is_*` questions macros ask, and `data_type`
 * printed as dbt prints it. On PostgreSQL and DuckDB an unsized `text` /
 * `varchar` keeps its own name (dbt-postgres does the same), so a cast to
 * `col.data_type` does not shorten strings to 256 characters.
 */
import type { ColumnDescription } from '../../compute/index.js';
import { FloeError } from '../../errors/index.js';

/** dbt's Column.TYPE_LABELS: logical names → SQL type names. */
const TYPE_LABELS: Record<string, string> = { STRING: 'TEXT', TIMESTAMP: 'TIMESTAMP', FLOAT: 'FLOAT', INTEGER: 'INT', BOOLEAN: 'BOOLEAN', NUMERIC: 'NUMERIC' };

const STRING_TYPES = new Set(['text', 'character varying', 'character', 'varchar', 'char', 'string', 'bpchar', 'nvarchar', 'nchar']);
const FLOAT_TYPES = new Set(['real', 'float4', 'float', 'double precision', 'float8', 'double']);
const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint', 'smallserial', 'serial', 'bigserial', 'int2', 'int4', 'int8', 'int', 'tinyint', 'hugeint', 'utinyint', 'usmallint', 'uinteger', 'ubigint', 'uhugeint']);
const NUMERIC_TYPES = new Set(['numeric', 'decimal']);

export class Column {
  readonly column: string;
  readonly dtype: string;
  readonly char_size: number | null;
  readonly numeric_precision: number | null;
  readonly numeric_scale: number | null;

  constructor(
    column: string,
    dtype: string,
    sizes: { charSize?: number | null; precision?: number | null; scale?: number | null } = {},
    private readonly quoteIdentifier: (name: string) => string = (name) => `"${name.replace(/"/g, '""')}"`,
  ) {
    this.column = column;
    this.dtype = dtype;
    this.char_size = sizes.charSize ?? null;
    this.numeric_precision = sizes.precision ?? null;
    this.numeric_scale = sizes.scale ?? null;
  }

  /** A column as an engine describes it (`character varying(255)`, `DECIMAL(18,3)`, `INTEGER`). */
  static fromDescription(description: ColumnDescription, quoteIdentifier?: (name: string) => string): Column {
    const match = /^\s*([^()]+?)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)\s*$/.exec(description.dataType);
    if (!match) return new Column(description.name, description.dataType, {}, quoteIdentifier);
    const base = match[1];
    const first = Number(match[2]);
    if (STRING_TYPES.has(base.toLowerCase())) return new Column(description.name, base, { charSize: first }, quoteIdentifier);
    const scale = match[3] === undefined ? 0 : Number(match[3]);
    return new Column(description.name, base, { precision: first, scale }, quoteIdentifier);
  }

  get name(): string {
    return this.column;
  }
  get quoted(): string {
    return this.quoteIdentifier(this.column);
  }
  get data_type(): string {
    const lower = this.dtype.toLowerCase();
    if (this.is_string()) {
      if (this.char_size === null && ['text', 'varchar', 'character varying', 'string'].includes(lower)) return this.dtype;
      return Column.string_type(this.string_size());
    }
    if (this.is_numeric()) return Column.numeric_type(this.dtype, this.numeric_precision, this.numeric_scale);
    return this.dtype;
  }

  is_string(): boolean {
    return STRING_TYPES.has(this.dtype.toLowerCase());
  }
  is_float(): boolean {
    return FLOAT_TYPES.has(this.dtype.toLowerCase());
  }
  is_integer(): boolean {
    return INTEGER_TYPES.has(this.dtype.toLowerCase());
  }
  is_numeric(): boolean {
    return NUMERIC_TYPES.has(this.dtype.toLowerCase());
  }
  is_number(): boolean {
    return this.is_float() || this.is_integer() || this.is_numeric();
  }

  string_size(): number {
    if (!this.is_string()) throw new FloeError('FLOE_COMPILER_ERROR', `Called string_size() on non-string field ${this.column} (${this.dtype})`);
    return this.char_size ?? 256;
  }

  can_expand_to(other: unknown): boolean {
    if (!(other instanceof Column) || !this.is_string() || !other.is_string()) return false;
    return this.string_size() < other.string_size();
  }

  literal(value: unknown): string {
    return `${String(value)}::${this.data_type}`;
  }

  toString(): string {
    return `<Column ${this.column} (${this.data_type})>`;
  }

  // ── api.Column's class methods ───────────────────────────────────────────

  static translate_type(dtype: unknown): string {
    const text = String(dtype);
    return TYPE_LABELS[text.toUpperCase()] ?? text;
  }
  static string_type(size: unknown): string {
    return `character varying(${String(size)})`;
  }
  static numeric_type(dtype: unknown, precision: unknown, scale: unknown): string {
    if (precision === null || precision === undefined || scale === null || scale === undefined) return String(dtype);
    return `${String(dtype)}(${String(precision)},${String(scale)})`;
  }
}

/** `api.Column`: create columns and translate type names, as dbt's Column class does. */
export function columnApi(quoteIdentifier: () => (name: string) => string): Record<string, unknown> {
  return {
    create: (name: unknown, labelOrDtype: unknown) => new Column(String(name), Column.translate_type(labelOrDtype), {}, quoteIdentifier()),
    from_description: (name: unknown, rawDataType: unknown) => Column.fromDescription({ name: String(name), dataType: String(rawDataType) }, quoteIdentifier()),
    translate_type: (dtype: unknown) => Column.translate_type(dtype),
    string_type: (size: unknown) => Column.string_type(size),
    numeric_type: (dtype: unknown, precision: unknown, scale: unknown) => Column.numeric_type(dtype, precision, scale),
  };
}
