-- pause: keeps every worker from fetching from the queue (fetch skips paused queues); enqueueing still works.
-- $1 queue.
INSERT INTO {schema}.queues (name, paused) VALUES ($1, true) ON CONFLICT (name) DO UPDATE SET paused = true;
