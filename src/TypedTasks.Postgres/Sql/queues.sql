-- queues: the queues that ever received a job (or were paused), by name.
SELECT name FROM {schema}.queues ORDER BY name COLLATE "C";
