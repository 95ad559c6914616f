-- retryAll: moves one batch of a queue's dead, scheduled or retry jobs to the back of its line: dead jobs with their
-- failures and stalls reset, as retryDead.sql does, the others with their attempts kept, as runNow.sql does. The
-- broker repeats it until a batch comes back short, so no statement holds a whole set of 100 000 jobs.
-- $1 queue, $2 the set's state (5 dead, 0 scheduled, 3 retry), $3 batch.
-- Returns one row: jobs picked (a full batch means there may be more), jobs moved.
WITH picked AS (
    SELECT id FROM {schema}.jobs WHERE queue = $1 AND state = $2 LIMIT $3 FOR UPDATE SKIP LOCKED
),
moved AS (
    UPDATE {schema}.jobs
    SET state = 1, ready_at = now(), seq = nextval('{schema}.job_seq'),
        failures = CASE WHEN $2 = 5 THEN 0 ELSE failures END,
        stalls = CASE WHEN $2 = 5 THEN 0 ELSE stalls END,
        progress = CASE WHEN $2 = 5 THEN NULL ELSE progress END,
        cancel_requested = false, ended_at = NULL, keep_until = NULL
    WHERE id = ANY (ARRAY(SELECT id FROM picked)) AND state = $2
    RETURNING queue
)
SELECT (SELECT count(*) FROM picked), count(*),
       (SELECT count(pg_notify('{channel}', queue)) FROM (SELECT DISTINCT queue FROM moved) m) AS woken
FROM moved;
