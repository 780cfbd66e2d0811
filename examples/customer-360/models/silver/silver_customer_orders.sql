select
    customer_id,
    count(*) as transaction_count,
    sum(case when is_refund then 0 else amount end) as gross_revenue,
    sum(case when is_refund then amount else 0 end) as refunded_amount,
    min(transacted_on) as first_transaction_on,
    max(transacted_on) as last_transaction_on,
    count(distinct category) as distinct_categories
from {{ ref('silver_transactions') }}
group by customer_id
