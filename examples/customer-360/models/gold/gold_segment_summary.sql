select
    segment,
    health,
    count(*) as customers,
    sum(lifetime_value) as lifetime_value,
    avg(transaction_count) as average_transactions
from {{ ref('gold_customer_360') }}
group by segment, health
