-- enqueueOne: stores one job that has no unique key (the usual single enqueue): enqueue.sql's work without its
-- batch and lock machinery, so a lone caller pays for one insert.
-- $1 queue, $2 id, $3 task name, $4 envelope, $5 due time in Unix ms (0 = now), $6 how stale the queue's last_job_at
-- may get before an enqueue refreshes it, in ms (-1 = never: idle queues are not forgotten).
-- Returns one row: 1 when stored, 0 when a job with this id exists (the enqueue is a duplicate).
-- A due job wakes the queue's idle workers; a scheduled one only when it is now the queue's earliest, the only change
-- to how long they sleep (each wake-up costs every idle worker a fetch).
WITH stored AS (
    INSERT INTO {schema}.jobs (id, queue, task, state, envelope, enqueued_at, ready_at, seq)
    VALUES ($2, $1, $3,
            CASE WHEN $5 > 0 AND to_timestamp($5 / 1000.0) > now() THEN 0 ELSE 1 END, $4, now(),
            CASE WHEN $5 > 0 THEN to_timestamp($5 / 1000.0) ELSE now() END, nextval('{schema}.job_seq'))
    ON CONFLICT (id) DO NOTHING
    RETURNING queue, state, ready_at
),
listed AS (
    INSERT INTO {schema}.queues (name) SELECT queue FROM stored ON CONFLICT (name) DO NOTHING
),
touched AS (
    UPDATE {schema}.queues SET last_job_at = now()
    WHERE $6 >= 0 AND name IN (SELECT queue FROM stored) AND last_job_at < now() - $6 * interval '1 millisecond'
)
SELECT count(*),
       (SELECT count(pg_notify('{channel}', s.queue)) FROM stored s
        WHERE s.state = 1 OR NOT EXISTS (
            SELECT 1 FROM {schema}.jobs j
            WHERE j.queue = s.queue AND j.state IN (0, 1, 3) AND j.ready_at > now() AND j.ready_at <= s.ready_at)) AS woken
FROM stored;
