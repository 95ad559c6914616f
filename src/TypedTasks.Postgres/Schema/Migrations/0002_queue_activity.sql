-- 0002: when each queue last received a job, so a queue that has held no job for BrokerOptions.ForgetIdleQueuesAfter
-- leaves the queue list. Enqueues refresh it at most every tenth of that time, so a busy queue's row is not rewritten
-- (and locked inside the caller's transaction) by every enqueue. Existing queues count as active from the upgrade on.
ALTER TABLE {schema}.queues ADD COLUMN last_job_at timestamptz NOT NULL DEFAULT now();
