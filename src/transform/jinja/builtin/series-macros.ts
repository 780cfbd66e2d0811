/** dbt's number and date series (`generate_series`, `get_powers_of_two`, `get_intervals_between`, `date_spine`). */
export const SERIES_MACROS = `
{% macro get_powers_of_two(upper_bound) %}
  {{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}
{% endmacro %}

{#- The smallest n with 2^n >= upper_bound: the number of binary digits a series up to it needs. -#}
{% macro default__get_powers_of_two(upper_bound) %}
    {%- if upper_bound <= 0 -%}
      {{ exceptions.raise_compiler_error("generate_series: the upper bound must be positive, got " ~ upper_bound) }}
    {%- endif -%}
    {%- set ns = namespace(power=1) -%}
    {%- for _ in range(64) -%}
      {%- if 2 ** ns.power < upper_bound -%}{%- set ns.power = ns.power + 1 -%}{%- endif -%}
    {%- endfor -%}
    {{ return(ns.power) }}
{% endmacro %}

{% macro generate_series(upper_bound) %}
  {{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}
{% endmacro %}

{#- Portable: the numbers 1..upper_bound as sums of powers of two, one cross-joined digit per power. -#}
{% macro default__generate_series(upper_bound) %}
    {%- set digits = dbt.get_powers_of_two(upper_bound) -%}
    with binary_digit as (
        select 0 as generated_number
        union all
        select 1
    ),
    numbers as (
        select
        {% for i in range(digits) -%}
            d{{ i }}.generated_number * {{ 2 ** i }}{% if not loop.last %} + {% endif %}
        {%- endfor %} + 1 as generated_number
        from
        {% for i in range(digits) -%}
            binary_digit as d{{ i }}{% if not loop.last %} cross join {% endif %}
        {%- endfor %}
    )
    select generated_number from numbers where generated_number <= {{ upper_bound }} order by generated_number
{% endmacro %}

{% macro postgres__generate_series(upper_bound) %}
    select generated_number from generate_series(1, {{ upper_bound }}) as series(generated_number)
{% endmacro %}

{% macro duckdb__generate_series(upper_bound) %}
    select generated_number from generate_series(1, {{ upper_bound }}) as series(generated_number)
{% endmacro %}

{% macro get_intervals_between(start_date, end_date, datepart) -%}
  {{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}
{%- endmacro %}

{#- Asks the warehouse; while parsing (execute is false) the answer is 1, as in dbt. -#}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
    {%- if not execute -%}
        {{ return(1) }}
    {%- endif -%}
    {%- set result = run_query('select ' ~ dbt.datediff(start_date, end_date, datepart) ~ ' as intervals') -%}
    {%- set values = result.columns[0].values() if result.columns | length > 0 else [] -%}
    {%- if values | length == 0 or values[0] is none -%}
        {{ exceptions.raise_compiler_error("get_intervals_between: could not count the " ~ datepart ~ "s between " ~ start_date ~ " and " ~ end_date) }}
    {%- endif -%}
    {{ return(values[0] | int) }}
{%- endmacro %}

{% macro date_spine(datepart, start_date, end_date) %}
  {{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}
{% endmacro %}

{% macro default__date_spine(datepart, start_date, end_date) %}
    with rawdata as (
        {{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}
    ),
    all_periods as (
        select (
            {{ dbt.dateadd(datepart, "generated_number - 1", start_date) }}
        ) as date_{{ datepart }}
        from rawdata
    ),
    filtered as (
        select * from all_periods where date_{{ datepart }} <= {{ end_date }}
    )
    select * from filtered
{% endmacro %}
`;
