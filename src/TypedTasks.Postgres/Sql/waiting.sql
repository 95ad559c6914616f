-- waiting: how long until a fetch from the queues would lease a job: 0 when one is ready now, the milliseconds until
-- the earliest scheduled or retry job is due, or null when none waits (paused queues do not count). An idle worker
-- asks before it waits for a notification, so neither work that arrived before the wait nor a due time it has not
-- heard of (its notification came before the wait began) is missed.
-- $1 queues text[].
SELECT CASE WHEN min(w.ready_at) <= now() THEN 0
            ELSE ceil(extract(epoch FROM min(w.ready_at) - now()) * 1000)::bigint END
FROM unnest($1::text[]) AS q(name)
CROSS JOIN LATERAL (
    SELECT j.ready_at FROM {schema}.jobs j
    WHERE j.queue = q.name AND j.state IN (0, 1, 3)
    ORDER BY j.ready_at, j.seq LIMIT 1
) w
WHERE NOT EXISTS (SELECT 1 FROM {schema}.queues p WHERE p.name = q.name AND p.paused);
