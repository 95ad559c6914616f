-- fail: ends a failed attempt: to retry after a delay, to the dead set, or cancelled.
-- $1 id, $2 token, $3 disposition (0 retry, 1 dead, 2 cancelled), $4 retry delay ms, $5 error, $6 keep cancelled ms,
-- $7 counter shard.
-- Returns one row: 1, or 0 when the lease was lost (nothing changes). A retry keeps the envelope unchanged; a dead or
-- cancelled job releases its unique lock. The dead set is trimmed to its limits by purge, and read through them.
WITH failed AS (
    UPDATE {schema}.jobs
    SET state = CASE $3 WHEN 0 THEN 3 WHEN 1 THEN 5 ELSE 6 END,
        failures = failures + CASE WHEN $3 = 2 THEN 0 ELSE 1 END,
        last_error = $5,
        ready_at = CASE WHEN $3 = 0 THEN now() + $4 * interval '1 millisecond' ELSE ready_at END,
        ended_at = CASE WHEN $3 = 0 THEN NULL ELSE now() END,
        keep_until = CASE WHEN $3 = 2 THEN now() + $6 * interval '1 millisecond' END,
        token = NULL, lease_until = NULL
    WHERE id = $1 AND state = 2 AND token = $2
    RETURNING queue, unique_key, state
),
released AS (
    DELETE FROM {schema}.unique_locks l USING failed f
    WHERE f.state <> 3 AND l.queue = f.queue AND l.key = f.unique_key AND l.job_id = $1
),
counted AS (
    INSERT INTO {schema}.counters AS c (queue, minute, shard, failed)
    SELECT queue, floor(extract(epoch FROM now()) / 60)::bigint, $7, 1 FROM failed
    ON CONFLICT (queue, minute, shard) DO UPDATE SET failed = c.failed + 1
)
SELECT count(*),
       (SELECT count(pg_notify('{channel}', queue)) FROM failed WHERE state = 3) AS woken
FROM failed;
