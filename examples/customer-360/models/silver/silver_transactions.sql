{{ config(materialized='incremental', unique_key='transaction_id', incremental_strategy='merge', on_schema_change='append_new_columns') }}

-- Valid transactions, loaded incrementally: a re-run only merges what is new or changed.
select
    transaction_id,
    customer_id,
    transacted_on,
    category,
    channel,
    amount,
    status,
    status = 'refunded' as is_refund
from {{ ref('bronze_transactions') }}
where status not in (
    {%- for status in var('excluded_statuses') %}
    '{{ status }}'{{ ',' if not loop.last }}
    {%- endfor %}
)
{% if is_incremental() %}
  and transacted_on >= (select max(transacted_on) from {{ this }})
{% endif %}
