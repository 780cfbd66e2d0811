select
    customer_id,
    count(*) as ticket_count,
    sum(case when resolved_on is null then 1 else 0 end) as open_ticket_count,
    sum(case when priority in ('high', 'urgent') then 1 else 0 end) as escalated_ticket_count,
    avg(satisfaction_score) as average_satisfaction
from {{ ref('bronze_support_tickets') }}
group by customer_id
