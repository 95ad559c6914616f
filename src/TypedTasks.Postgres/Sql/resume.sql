-- resume: lets workers fetch from the queue again and wakes the idle ones.
-- $1 queue.
WITH resumed AS (
    UPDATE {schema}.queues SET paused = false WHERE name = $1 RETURNING name
)
SELECT count(pg_notify('{channel}', name)) FROM resumed;
