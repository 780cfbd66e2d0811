-- The customer-360 mart: one row per customer with revenue, support and health.
-- No personal contact data (email) reaches this output port.
with customers as (
    select * from {{ ref('bronze_customers') }}
),
orders as (
    select * from {{ ref('silver_customer_orders') }}
),
support as (
    select * from {{ ref('silver_customer_support') }}
)
select
    customers.customer_id,
    customers.country_code,
    customers.segment,
    customers.signed_up_on,
    coalesce(orders.transaction_count, 0) as transaction_count,
    coalesce(orders.gross_revenue, 0) as lifetime_value,
    coalesce(orders.refunded_amount, 0) as refunded_amount,
    orders.last_transaction_on,
    coalesce(support.ticket_count, 0) as ticket_count,
    coalesce(support.open_ticket_count, 0) as open_ticket_count,
    support.average_satisfaction,
    case
        when orders.last_transaction_on is null then 'never_purchased'
        when orders.last_transaction_on < date '2026-10-28' - {{ var('churn_after_days') }} then 'churn_risk'
        when coalesce(support.open_ticket_count, 0) > 0 then 'needs_attention'
        else 'healthy'
    end as health
from customers
left join orders on orders.customer_id = customers.customer_id
left join support on support.customer_id = customers.customer_id
