/**
 * dbt's cross-database date and time macros (`dbt.date_trunc`, `dateadd`,
 * `datediff`, `last_day`, `current_timestamp`, `date`, …). Each dispatches on
 * the adapter (`postgres__…`, `duckdb__…`, else `default__…`), so a project
 * can override one engine's version in its own macros.
 */
export const DATE_MACROS = `
{% macro date_trunc(datepart, date) -%}
  {{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro %}

{% macro default__date_trunc(datepart, date) -%}
    date_trunc('{{ datepart }}', {{ date }})
{%- endmacro %}

{% macro dateadd(datepart, interval, from_date_or_timestamp) %}
  {{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{% endmacro %}

{% macro default__dateadd(datepart, interval, from_date_or_timestamp) %}
    dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{% endmacro %}

{#- PostgreSQL has no 'quarter' interval unit: three months it is. -#}
{% macro postgres__dateadd(datepart, interval, from_date_or_timestamp) %}
    {%- set unit = '3 month' if datepart | lower == 'quarter' else '1 ' ~ datepart -%}
    {{ from_date_or_timestamp }} + ((interval '{{ unit }}') * ({{ interval }}))
{% endmacro %}

{#- A quoted literal ('2018-01-01') has no type in DuckDB until it is cast; anything else keeps its own. -#}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) %}
    {%- set base = from_date_or_timestamp | string | trim -%}
    {%- if base.startswith("'") and base.endswith("'") -%}{%- set base = 'cast(' ~ base ~ ' as timestamp)' -%}{%- endif -%}
    date_add({{ base }}, interval ({{ interval }}) {{ datepart }})
{% endmacro %}

{% macro datediff(first_date, second_date, datepart) %}
  {{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{% endmacro %}

{% macro default__datediff(first_date, second_date, datepart) -%}
    datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}

{% macro duckdb__datediff(first_date, second_date, datepart) -%}
    date_diff('{{ datepart }}', ({{ first_date }})::timestamp, ({{ second_date }})::timestamp)
{%- endmacro %}

{#- Boundaries crossed between the two values, counted from the coarser parts down (as dbt-postgres counts them). -#}
{% macro postgres__datediff(first_date, second_date, datepart) -%}
    {%- set part = datepart | lower -%}
    {%- set first = '(' ~ first_date ~ ')' -%}
    {%- set second = '(' ~ second_date ~ ')' -%}
    {%- if part == 'year' -%}
        (date_part('year', {{ second }}::date) - date_part('year', {{ first }}::date))
    {%- elif part == 'quarter' -%}
        ({{ postgres__datediff(first_date, second_date, 'year') }} * 4 + date_part('quarter', {{ second }}::date) - date_part('quarter', {{ first }}::date))
    {%- elif part == 'month' -%}
        ({{ postgres__datediff(first_date, second_date, 'year') }} * 12 + date_part('month', {{ second }}::date) - date_part('month', {{ first }}::date))
    {%- elif part == 'day' -%}
        ({{ second }}::date - {{ first }}::date)
    {%- elif part == 'week' -%}
        ({{ postgres__datediff(first_date, second_date, 'day') }} / 7 + case
            when date_part('dow', {{ first }}::timestamp) <= date_part('dow', {{ second }}::timestamp) then
                case when {{ first }} <= {{ second }} then 0 else -1 end
            else
                case when {{ first }} <= {{ second }} then 1 else 0 end
        end)
    {%- elif part == 'hour' -%}
        ({{ postgres__datediff(first_date, second_date, 'day') }} * 24 + date_part('hour', {{ second }}::timestamp) - date_part('hour', {{ first }}::timestamp))
    {%- elif part == 'minute' -%}
        ({{ postgres__datediff(first_date, second_date, 'hour') }} * 60 + date_part('minute', {{ second }}::timestamp) - date_part('minute', {{ first }}::timestamp))
    {%- elif part == 'second' -%}
        ({{ postgres__datediff(first_date, second_date, 'minute') }} * 60 + floor(date_part('second', {{ second }}::timestamp)) - floor(date_part('second', {{ first }}::timestamp)))
    {%- elif part == 'millisecond' -%}
        ({{ postgres__datediff(first_date, second_date, 'minute') }} * 60000 + floor(date_part('millisecond', {{ second }}::timestamp)) - floor(date_part('millisecond', {{ first }}::timestamp)))
    {%- elif part == 'microsecond' -%}
        ({{ postgres__datediff(first_date, second_date, 'minute') }} * 60000000 + floor(date_part('microsecond', {{ second }}::timestamp)) - floor(date_part('microsecond', {{ first }}::timestamp)))
    {%- else -%}
        {{ exceptions.raise_compiler_error("Unsupported datepart for macro datediff in postgres: " ~ datepart) }}
    {%- endif -%}
{%- endmacro %}

{% macro last_day(date, datepart) %}
  {{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}
{% endmacro %}

{% macro default__last_day(date, datepart) -%}
    cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date)
{%- endmacro %}

{% macro current_timestamp() -%}
  {{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp() -%}
    current_timestamp
{%- endmacro %}

{% macro postgres__current_timestamp() -%}
    now()
{%- endmacro %}

{% macro duckdb__current_timestamp() -%}
    now()
{%- endmacro %}

{% macro current_timestamp_backcompat() -%}
  {{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp_backcompat() -%}
    current_timestamp::{{ type_timestamp() }}
{%- endmacro %}

{% macro current_timestamp_in_utc_backcompat() -%}
  {{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp_in_utc_backcompat() -%}
    (current_timestamp at time zone 'utc')::{{ type_timestamp() }}
{%- endmacro %}

{% macro snapshot_get_time() -%}
  {{ return(adapter.dispatch('snapshot_get_time', 'dbt')()) }}
{%- endmacro %}

{% macro default__snapshot_get_time() -%}
    {{ current_timestamp() }}::{{ type_timestamp() }}
{%- endmacro %}

{% macro date(year, month, day) %}
  {{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}
{% endmacro %}

{% macro default__date(year, month, day) -%}
    {%- set value = modules.datetime.date(year, month, day) -%}
    cast('{{ value.strftime('%Y-%m-%d') }}' as date)
{%- endmacro %}
`;
