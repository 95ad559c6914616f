-- enqueue: stores jobs, one or many, in one statement (a single enqueue, the enqueues that piled up while the
-- previous statement ran, a bulk enqueue, or a job enqueued inside the caller's own transaction).
-- $1 queues text[], $2 ids text[], $3 task names text[], $4 envelopes bytea[], $5 due times in Unix ms bigint[]
-- (0 = now), $6 unique keys text[] (null = none), $7 unique lock ttl ms bigint[], $8 unique modes smallint[]
-- (1 = released when started), $9 how stale a queue's last_job_at may get before an enqueue refreshes it, in ms
-- (-1 = never: idle queues are not forgotten).
-- Returns per request, in order: ord, the job id (the holder's for a held unique lock), duplicate.
-- The first request naming a key claims its lock; the lock is taken over only once it has expired. A job is stored
-- when it has no key or holds its key's lock, and its id is new (and first in the batch) (the id is made by the client, so a retried enqueue
-- stores the job once). A job joins its queue's line at its due time, even when that has passed by the time it is
-- stored, so jobs scheduled close together run in due order however long their enqueues took. Workers listening on
-- the channel are told at commit, so a job enqueued in a transaction that rolls back wakes nobody; scheduled jobs
-- wake them only when one is now the queue's earliest, the only change to how long they sleep.
-- Requests are matched to what was stored with NOT IN (a hashed subplan), not with joins of CTEs: the planner cannot
-- estimate a CTE's filtered rows and chose nested loops, which made a batch of 1000 cost a million comparisons.
WITH request AS (
    SELECT r.*, CASE WHEN r.due_ms > 0 THEN to_timestamp(r.due_ms / 1000.0) END AS due,
           row_number() OVER (PARTITION BY r.id ORDER BY r.ord) AS nth
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bigint[], $6::text[], $7::bigint[], $8::smallint[])
        WITH ORDINALITY AS r(queue, id, task, envelope, due_ms, unique_key, unique_ms, unique_mode, ord)
),
claim AS (
    SELECT DISTINCT ON (queue, unique_key) queue, unique_key, id, unique_ms
    FROM request WHERE unique_key IS NOT NULL
    ORDER BY queue, unique_key, ord
),
locked AS (
    INSERT INTO {schema}.unique_locks AS l (queue, key, job_id, expires_at)
    SELECT queue, unique_key, id, now() + unique_ms * interval '1 millisecond' FROM claim
    ON CONFLICT (queue, key) DO UPDATE
        SET job_id = CASE WHEN l.expires_at <= now() THEN excluded.job_id ELSE l.job_id END,
            expires_at = CASE WHEN l.expires_at <= now() THEN excluded.expires_at ELSE l.expires_at END
    RETURNING queue, key, job_id
),
stored AS (
    INSERT INTO {schema}.jobs (id, queue, task, state, envelope, enqueued_at, ready_at, seq, unique_key, unique_mode)
    SELECT id, queue, task, CASE WHEN due > now() THEN 0 ELSE 1 END, envelope, now(), coalesce(due, now()),
           nextval('{schema}.job_seq'), unique_key, coalesce(unique_mode, 0)
    FROM request
    WHERE nth = 1 AND (unique_key IS NULL OR NOT ((queue, unique_key, id) NOT IN (SELECT queue, key, job_id FROM locked)))
    ORDER BY ord
    ON CONFLICT (id) DO NOTHING
    RETURNING id, queue, state, ready_at
),
listed AS (
    INSERT INTO {schema}.queues (name) SELECT DISTINCT queue FROM stored ON CONFLICT (name) DO NOTHING
),
touched AS (
    UPDATE {schema}.queues SET last_job_at = now()
    WHERE $9 >= 0 AND name IN (SELECT queue FROM stored) AND last_job_at < now() - $9 * interval '1 millisecond'
),
answer AS (
    SELECT r.ord, r.id, r.queue, r.unique_key, r.nth > 1 OR r.id NOT IN (SELECT id FROM stored) AS duplicate
    FROM request r
)
SELECT a.ord,
       CASE WHEN a.duplicate AND a.unique_key IS NOT NULL
            THEN coalesce((SELECT k.job_id FROM locked k WHERE k.queue = a.queue AND k.key = a.unique_key), a.id)
            ELSE a.id END AS id,
       a.duplicate,
       (SELECT count(pg_notify('{channel}', q.queue))
        FROM (SELECT queue, bool_or(state = 1) AS due, min(ready_at) AS earliest FROM stored GROUP BY queue) q
        WHERE q.due OR NOT EXISTS (
            SELECT 1 FROM {schema}.jobs j
            WHERE j.queue = q.queue AND j.state IN (0, 1, 3) AND j.ready_at > now() AND j.ready_at <= q.earliest)) AS woken
FROM answer a
ORDER BY a.ord;
