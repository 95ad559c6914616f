-- deadJobs: a page of a queue's dead list, most recent death first, within the queue's retention.
-- $1 queue, $2 offset, $3 count, $4 dead max jobs, $5 dead max age ms.
SELECT id, queue, task, state, envelope, failures, stalls, last_error, enqueued_at, NULL::timestamptz AS due_at,
       started_at, ended_at, worker, progress, result, cancel_requested
FROM {schema}.jobs
WHERE queue = $1 AND state = 5 AND ended_at >= now() - $5 * interval '1 millisecond'
ORDER BY ended_at DESC, id DESC
OFFSET $2 LIMIT GREATEST(0, LEAST($3, $4 - $2));
