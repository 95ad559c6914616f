-- requeue: gives a leased job back untouched (graceful shutdown): it goes to the front of its queue and the attempt
-- does not count.
-- $1 id, $2 token. Returns one row: 1, or 0 when the lease was lost.
WITH requeued AS (
    UPDATE {schema}.jobs
    SET state = 1, token = NULL, lease_until = NULL, ready_at = '-infinity', seq = -nextval('{schema}.job_seq')
    WHERE id = $1 AND state = 2 AND token = $2
    RETURNING queue
)
SELECT count(*), (SELECT count(pg_notify('{channel}', queue)) FROM requeued) AS woken FROM requeued;
