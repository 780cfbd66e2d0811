select
    ticket_id,
    customer_id,
    cast(opened_on as date) as opened_on,
    cast(resolved_on as date) as resolved_on,
    topic,
    priority,
    satisfaction_score
from {{ ref('raw_support_tickets') }}
