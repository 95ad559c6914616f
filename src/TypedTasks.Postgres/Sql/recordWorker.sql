-- recordWorker: stores a worker's heartbeat, listed until now + ttl unless recorded again.
-- $1 id, $2 host, $3 process id, $4 queue names text[], $5 their concurrency int[], $6 started at, $7 beat at,
-- $8 running job ids text[], $9 their queues text[], $10 their task names text[], $11 their start times
-- timestamptz[], $12 ttl ms.
INSERT INTO {schema}.workers AS w (id, host, process_id, queue_names, queue_concurrency, started_at, beat_at, running_ids,
                                   running_queues, running_tasks, running_started, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() + $12 * interval '1 millisecond')
ON CONFLICT (id) DO UPDATE
SET host = excluded.host, process_id = excluded.process_id, queue_names = excluded.queue_names,
    queue_concurrency = excluded.queue_concurrency, started_at = excluded.started_at, beat_at = excluded.beat_at,
    running_ids = excluded.running_ids, running_queues = excluded.running_queues, running_tasks = excluded.running_tasks,
    running_started = excluded.running_started, expires_at = excluded.expires_at;
