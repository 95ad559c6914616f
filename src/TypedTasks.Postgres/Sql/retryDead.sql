-- retryDead: moves a dead or cancelled job to the back of its queue with its failures and stalls reset.
-- $1 id. Returns one row: 1, or 0 when the job is not dead or cancelled.
WITH retried AS (
    UPDATE {schema}.jobs
    SET state = 1, failures = 0, stalls = 0, cancel_requested = false, ended_at = NULL, keep_until = NULL,
        progress = NULL, ready_at = now(), seq = nextval('{schema}.job_seq')
    WHERE id = $1 AND (state = 5 OR (state = 6 AND keep_until > now()))
    RETURNING queue
)
SELECT count(*), (SELECT count(pg_notify('{channel}', queue)) FROM retried) AS woken FROM retried;
