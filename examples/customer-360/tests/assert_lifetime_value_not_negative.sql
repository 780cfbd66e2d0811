-- A customer's lifetime value is revenue minus refunds of their own purchases: never negative.
select customer_id, lifetime_value
from {{ ref('gold_customer_360') }}
where lifetime_value < 0
