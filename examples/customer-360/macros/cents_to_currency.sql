{% macro cents_to_currency(column_name, scale=2) -%}
    {{ return(adapter.dispatch('cents_to_currency', 'customer_360')(column_name, scale)) }}
{%- endmacro %}

{% macro default__cents_to_currency(column_name, scale) -%}
    round(cast({{ column_name }} as numeric(18, 4)) / 100, {{ scale }})
{%- endmacro %}

{% macro duckdb__cents_to_currency(column_name, scale) -%}
    round({{ column_name }}::decimal(18, 4) / 100, {{ scale }})
{%- endmacro %}
