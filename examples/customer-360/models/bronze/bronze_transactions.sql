select
    transaction_id,
    customer_id,
    cast(transacted_on as date) as transacted_on,
    category,
    channel,
    amount_cents,
    {{ cents_to_currency('amount_cents') }} as amount,
    status
from {{ ref('raw_transactions') }}
