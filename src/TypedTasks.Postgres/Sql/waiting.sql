-- waiting: whether any of the queues has a job a fetch would lease now (asked by an idle worker before it waits
-- for a notification, so work that arrived before the wait is not missed).
-- $1 queues text[].
SELECT EXISTS (
    SELECT 1 FROM unnest($1::text[]) AS q(name)
    WHERE NOT EXISTS (SELECT 1 FROM {schema}.queues p WHERE p.name = q.name AND p.paused)
      AND EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.queue = q.name AND j.state IN (0, 1, 3) AND j.ready_at <= now()));
