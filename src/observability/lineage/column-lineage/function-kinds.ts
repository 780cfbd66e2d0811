/**
 * Function names whose meaning changes the lineage: aggregates fold many rows
 * into one value (AGGREGATION); hashes keep no readable trace of the input
 * (masking). DuckDB's parse tree does not say which is which, so we list them.
 */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'any_value', 'approx_count_distinct', 'approx_quantile', 'arbitrary', 'arg_max', 'arg_min', 'argmax', 'argmin',
  'array_agg', 'avg', 'bit_and', 'bit_or', 'bit_xor', 'bitstring_agg', 'bool_and', 'bool_or', 'corr', 'count',
  'count_if', 'count_star', 'countif', 'covar_pop', 'covar_samp', 'entropy', 'every', 'favg', 'first', 'fsum',
  'geomean', 'group_concat', 'histogram', 'json_group_array', 'json_group_object', 'kurtosis', 'last', 'list',
  'listagg', 'mad', 'max', 'max_by', 'mean', 'median', 'min', 'min_by', 'mode', 'percentile_cont', 'percentile_disc',
  'product', 'quantile', 'quantile_cont', 'quantile_disc', 'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept',
  'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy', 'skewness', 'stddev', 'stddev_pop', 'stddev_samp',
  'string_agg', 'sum', 'sumkahan', 'var_pop', 'var_samp', 'variance',
]);

export const MASKING_FUNCTIONS: ReadonlySet<string> = new Set(['hash', 'md5', 'md5_number', 'sha1', 'sha256', 'sha512']);
