/**
 * The dbt version floe's project format and Jinja context are compatible
 * with: what `dbt_version` renders as and what packages' `require-dbt-version`
 * is checked against.
 */
export const DBT_COMPATIBLE_VERSION = '1.9.0';
