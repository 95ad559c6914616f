-- workers: the workers whose last heartbeat has not lapsed, by id (purge.sql deletes the lapsed ones).
SELECT id, host, process_id, queue_names, queue_concurrency, started_at, beat_at, running_ids, running_queues,
       running_tasks, running_started
FROM {schema}.workers
WHERE expires_at > now()
ORDER BY id COLLATE "C";
