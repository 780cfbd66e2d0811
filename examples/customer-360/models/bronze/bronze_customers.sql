-- One row per customer, names tidied and types fixed.
select
    customer_id,
    trim(first_name) as first_name,
    trim(last_name) as last_name,
    lower(email) as email,
    upper(country_code) as country_code,
    segment,
    cast(signed_up_on as date) as signed_up_on
from {{ ref('raw_customers') }}
