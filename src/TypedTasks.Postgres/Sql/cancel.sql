-- cancel: a waiting job is cancelled at once (and kept visible for keep ms); a running one is flagged, and its worker
-- learns of it from extend.
-- $1 id, $2 keep cancelled ms.
-- Returns the job's state before the call (no row: no such job). The row is locked first, so the state the outcome is
-- read from is the one the update changed.
WITH job AS (
    SELECT id, state AS before FROM {schema}.jobs
    WHERE id = $1 AND NOT (state IN (4, 6) AND keep_until <= now())
    FOR UPDATE
),
changed AS (
    UPDATE {schema}.jobs j
    SET cancel_requested = j.cancel_requested OR b.before = 2,
        state = CASE WHEN b.before IN (0, 1, 3) THEN 6 ELSE j.state END,
        ended_at = CASE WHEN b.before IN (0, 1, 3) THEN now() ELSE j.ended_at END,
        keep_until = CASE WHEN b.before IN (0, 1, 3) THEN now() + $2 * interval '1 millisecond' ELSE j.keep_until END,
        last_error = CASE WHEN b.before IN (0, 1, 3) THEN coalesce(j.last_error, 'Cancelled on request.') ELSE j.last_error END
    FROM job b
    WHERE j.id = $1 AND b.before IN (0, 1, 2, 3)
    RETURNING j.queue, j.unique_key, b.before
),
released AS (
    DELETE FROM {schema}.unique_locks l USING changed c
    WHERE c.before <> 2 AND l.queue = c.queue AND l.key = c.unique_key AND l.job_id = $1
)
SELECT before FROM job;
