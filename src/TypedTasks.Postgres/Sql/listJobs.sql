-- listJobs: a page of one set of a queue, in the order the set is read: pending as fetch takes them, active by lease
-- deadline, scheduled and retry by due time, dead most recent death first (within the queue's retention, as
-- deadJobs.sql reads it), kept (succeeded with a result, cancelled) latest expiry first.
-- $1 queue, $2 set (JobSet: 0 pending, 1 active, 2 scheduled, 3 retry, 4 dead, 5 kept), $3 offset, $4 count,
-- $5 dead max jobs, $6 dead max age ms.
-- Only the asked set's branch runs (the others stop at their one-time filter on $2), each on its state's partial index.
(SELECT id, queue, task, state, envelope, failures, stalls, last_error, enqueued_at, NULL::timestamptz AS due_at,
        started_at, ended_at, worker, progress, result, cancel_requested
 FROM {schema}.jobs WHERE $2 = 0 AND queue = $1 AND state = 1
 ORDER BY ready_at, seq OFFSET $3 LIMIT $4)
UNION ALL
(SELECT id, queue, task, state, envelope, failures, stalls, last_error, enqueued_at, NULL, started_at, ended_at, worker,
        progress, result, cancel_requested
 FROM {schema}.jobs WHERE $2 = 1 AND queue = $1 AND state = 2
 ORDER BY lease_until, seq OFFSET $3 LIMIT $4)
UNION ALL
(SELECT id, queue, task, state, envelope, failures, stalls, last_error, enqueued_at, ready_at, started_at, ended_at,
        worker, progress, result, cancel_requested
 FROM {schema}.jobs WHERE $2 = 2 AND queue = $1 AND state = 0
 ORDER BY ready_at, seq OFFSET $3 LIMIT $4)
UNION ALL
(SELECT id, queue, task, state, envelope, failures, stalls, last_error, enqueued_at, ready_at, started_at, ended_at,
        worker, progress, result, cancel_requested
 FROM {schema}.jobs WHERE $2 = 3 AND queue = $1 AND state = 3
 ORDER BY ready_at, seq OFFSET $3 LIMIT $4)
UNION ALL
(SELECT id, queue, task, state, envelope, failures, stalls, last_error, enqueued_at, NULL, started_at, ended_at, worker,
        progress, result, cancel_requested
 FROM {schema}.jobs WHERE $2 = 4 AND queue = $1 AND state = 5 AND ended_at >= now() - $6 * interval '1 millisecond'
 ORDER BY ended_at DESC, id DESC OFFSET $3 LIMIT GREATEST(0, LEAST($4, $5 - $3)))
UNION ALL
(SELECT id, queue, task, state, envelope, failures, stalls, last_error, enqueued_at, NULL, started_at, ended_at, worker,
        progress, result, cancel_requested
 FROM {schema}.jobs WHERE $2 = 5 AND queue = $1 AND state IN (4, 6) AND keep_until > now()
 ORDER BY keep_until DESC, id DESC OFFSET $3 LIMIT $4);
