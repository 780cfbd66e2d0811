/** DuckDB values → the plain values described in ../plain-values.ts. */
import { DuckDBTypeId, JSDuckDBValueConverter, type DuckDBValueConverter, type JS } from '@duckdb/node-api';
import { bigintToPlain, numericTextToPlain } from '../plain-values.js';

type Plain = JS;

export const plainValueConverter: DuckDBValueConverter<Plain> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return typeof value === 'bigint' ? bigintToPlain(value) : String(value);
    case DuckDBTypeId.DECIMAL:
      return numericTextToPlain(String(value));
    case DuckDBTypeId.DATE:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.INTERVAL:
      return String(value);
    default:
      // Everything else as the driver's JS form, recursing through this converter for nested values.
      return JSDuckDBValueConverter(value, type, converter);
  }
};
