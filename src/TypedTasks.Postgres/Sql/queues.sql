-- queues: the queues that received a job or were paused, by name, less those forgotten: a queue that holds no job in
-- any state, is not paused, and received none for the idle time (BrokerOptions.ForgetIdleQueuesAfter). The row stays
-- (it carries the recover gate), so the queue's next job lists it again.
-- $1 idle time in ms (-1 = never forget).
SELECT q.name FROM {schema}.queues q
WHERE $1 < 0 OR q.paused OR q.last_job_at > now() - $1 * interval '1 millisecond'
   OR EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.queue = q.name AND j.state IN (0, 1, 3))
   OR EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.queue = q.name AND j.state = 2)
   OR EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.queue = q.name AND j.state = 5)
   OR EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.queue = q.name AND j.state IN (4, 6))
ORDER BY q.name COLLATE "C";
