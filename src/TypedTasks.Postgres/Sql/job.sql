-- job: looks a job up by id; a kept job past its time is gone already.
-- $1 id.
SELECT queue, task, state, envelope, failures, stalls, last_error, enqueued_at,
       CASE WHEN state IN (0, 3) THEN ready_at END AS due_at, started_at, ended_at, worker, progress, result,
       cancel_requested
FROM {schema}.jobs
WHERE id = $1 AND NOT (state IN (4, 6) AND keep_until <= now());
