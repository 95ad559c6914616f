-- runNow: makes a scheduled or retrying job due now: it joins the back of its queue's line with its attempts kept.
-- $1 id. Returns one row: 1, or 0 when the job is not scheduled or retrying.
WITH moved AS (
    UPDATE {schema}.jobs SET state = 1, ready_at = now(), seq = nextval('{schema}.job_seq')
    WHERE id = $1 AND state IN (0, 3)
    RETURNING queue
)
SELECT count(*), (SELECT count(pg_notify('{channel}', queue)) FROM moved) AS woken FROM moved;
