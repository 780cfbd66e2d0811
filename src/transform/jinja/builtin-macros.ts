/**
 * The builtin `dbt` package: the macros dbt ships that projects rely on and
 * may override (root-package macros of the same name win). Kept as strings so
 * they travel in dist/ with the compiled code. The naming and generic-test
 * bodies follow dbt-core's; the cross-database library (builtin/) is floe's
 * own, written to dbt's documented behaviour.
 */
import type { MacroFile } from './types.js';
import { AGGREGATE_MACROS } from './builtin/aggregate-macros.js';
import { DATE_MACROS } from './builtin/date-macros.js';
import { RELATION_MACROS } from './builtin/relation-macros.js';
import { SERIES_MACROS } from './builtin/series-macros.js';
import { STRING_MACROS } from './builtin/string-macros.js';
import { TYPE_MACROS } from './builtin/type-macros.js';

export const BUILTIN_PACKAGE = 'dbt';
/** Where builtin macros say they live (in MacroDefinitions and error positions). */
export const BUILTIN_FILE_PREFIX = '<builtin>/dbt/macros/';

const namingMacros = `
{% macro generate_schema_name(custom_schema_name=none, node=none) -%}
    {{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
{%- endmacro %}

{% macro default__generate_schema_name(custom_schema_name, node) -%}
    {%- set default_schema = target.schema -%}
    {%- if custom_schema_name is none -%}
        {{ default_schema }}
    {%- else -%}
        {{ default_schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
    {{ return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) }}
{%- endmacro %}

{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
    {%- if custom_alias_name -%}
        {{ custom_alias_name | trim }}
    {%- elif node.version -%}
        {{ return(node.name ~ "_v" ~ (node.version | replace(".", "_"))) }}
    {%- else -%}
        {{ node.name }}
    {%- endif -%}
{%- endmacro %}

{% macro generate_database_name(custom_database_name=none, node=none) -%}
    {{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
{%- endmacro %}

{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
    {%- set default_database = target.database -%}
    {%- if custom_database_name is none -%}
        {{ default_database }}
    {%- else -%}
        {{ custom_database_name }}
    {%- endif -%}
{%- endmacro %}
`;

const whereMacros = `
{% macro get_where_subquery(relation) -%}
    {% do return(adapter.dispatch('get_where_subquery', 'dbt')(relation)) %}
{%- endmacro %}

{% macro default__get_where_subquery(relation) -%}
    {% set where = config.get('where', '') %}
    {% if where %}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {% do return(filtered) %}
    {%- else -%}
        {% do return(relation) %}
    {%- endif -%}
{%- endmacro %}

{% macro should_store_failures() %}
    {% set config_store_failures = config.get('store_failures') %}
    {% if config_store_failures is none %}
        {% set config_store_failures = flags.STORE_FAILURES %}
    {% endif %}
    {% do return(config_store_failures) %}
{% endmacro %}
`;

const genericTests = `
{% macro default__test_unique(model, column_name) %}

select
    {{ column_name }} as unique_field,
    count(*) as n_records

from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1

{% endmacro %}

{% macro default__test_not_null(model, column_name) %}

{% set column_list = '*' if should_store_failures() else column_name %}

select {{ column_list }}
from {{ model }}
where {{ column_name }} is null

{% endmacro %}

{% macro default__test_accepted_values(model, column_name, values, quote=True) %}

with all_values as (

    select
        {{ column_name }} as value_field,
        count(*) as n_records

    from {{ model }}
    group by {{ column_name }}

)

select *
from all_values
where value_field not in (
    {% for value in values -%}
        {% if quote -%}
        '{{ value }}'
        {%- else -%}
        {{ value }}
        {%- endif -%}
        {%- if not loop.last -%},{%- endif %}
    {%- endfor %}
)

{% endmacro %}

{% macro default__test_relationships(model, column_name, to, field) %}

with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),

parent as (
    select {{ field }} as to_field
    from {{ to }}
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null

{% endmacro %}

{% test unique(model, column_name) %}
    {% set macro = adapter.dispatch('test_unique', 'dbt') %}
    {{ macro(model, column_name) }}
{% endtest %}

{% test not_null(model, column_name) %}
    {% set macro = adapter.dispatch('test_not_null', 'dbt') %}
    {{ macro(model, column_name) }}
{% endtest %}

{% test accepted_values(model, column_name, values, quote=True) %}
    {% set macro = adapter.dispatch('test_accepted_values', 'dbt') %}
    {{ macro(model, column_name, values, quote) }}
{% endtest %}

{% test relationships(model, column_name, to, field) %}
    {% set macro = adapter.dispatch('test_relationships', 'dbt') %}
    {{ macro(model, column_name, to, field) }}
{% endtest %}
`;

const queryMacros = `
{% macro run_query(sql) %}
  {% call statement("run_query_statement", fetch_result=true, auto_begin=false) %}
    {{ sql }}
  {% endcall %}
  {% do return(load_result("run_query_statement").table) %}
{% endmacro %}
`;

export const BUILTIN_MACRO_FILES: MacroFile[] = [
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'naming.sql', source: namingMacros },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'where_subquery.sql', source: whereMacros },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'generic_tests.sql', source: genericTests },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'run_query.sql', source: queryMacros },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'utils/dates.sql', source: DATE_MACROS },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'utils/types.sql', source: TYPE_MACROS },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'utils/strings.sql', source: STRING_MACROS },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'utils/aggregates.sql', source: AGGREGATE_MACROS },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'utils/series.sql', source: SERIES_MACROS },
  { packageName: BUILTIN_PACKAGE, file: BUILTIN_FILE_PREFIX + 'adapters/relations.sql', source: RELATION_MACROS },
];
