-- purge: keeps the tables to their retention in short batches (each a few milliseconds, no long transaction): kept
-- succeeded and cancelled jobs past their time, dead jobs past the queue's age limit or beyond its count limit
-- (newest deaths stay), expired unique locks and job groups, lapsed worker heartbeats and cron records; and it folds
-- the queues' counters of minutes past the throughput history (ThroughputMinute.Retention) into their totals row
-- (minute -1), which the returned count leaves out (a queue has at most 16 shards a minute to fold).
-- $1 queues text[], $2 dead max jobs per queue int[], $3 dead max age ms per queue bigint[], $4 batch.
-- Returns one row: how many rows it deleted (a full batch means there may be more).
-- Jobs are deleted by id = ANY (array), so even a generic plan walks the primary key (see ackAndFetch.sql).
WITH retention AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[]) AS r(queue, max_jobs, max_age_ms)
),
expired_kept AS (
    DELETE FROM {schema}.jobs j WHERE j.id = ANY (ARRAY(
        SELECT k.id FROM retention r CROSS JOIN LATERAL (
            SELECT id FROM {schema}.jobs WHERE queue = r.queue AND state IN (4, 6) AND keep_until <= now()
            ORDER BY keep_until LIMIT $4) k))
    RETURNING 1
),
old_dead AS (
    DELETE FROM {schema}.jobs j WHERE j.id = ANY (ARRAY(
        SELECT d.id FROM retention r CROSS JOIN LATERAL (
            SELECT id FROM {schema}.jobs
            WHERE queue = r.queue AND state = 5 AND ended_at < now() - r.max_age_ms * interval '1 millisecond'
            ORDER BY ended_at LIMIT $4) d))
    RETURNING 1
),
excess_dead AS (
    DELETE FROM {schema}.jobs j WHERE j.id = ANY (ARRAY(
        SELECT d.id FROM retention r CROSS JOIN LATERAL (
            SELECT id FROM {schema}.jobs
            WHERE queue = r.queue AND state = 5
            ORDER BY ended_at DESC, id DESC OFFSET r.max_jobs LIMIT $4) d))
    RETURNING 1
),
expired_locks AS (
    DELETE FROM {schema}.unique_locks WHERE (queue, key) IN (
        SELECT queue, key FROM {schema}.unique_locks WHERE expires_at <= now() LIMIT $4)
    RETURNING 1
),
expired_groups AS (
    DELETE FROM {schema}.groups WHERE id IN (
        SELECT id FROM {schema}.groups WHERE expires_at <= now() LIMIT $4)
    RETURNING id
),
expired_members AS (
    DELETE FROM {schema}.group_members m USING expired_groups g WHERE m.group_id = g.id
),
lapsed_workers AS (
    DELETE FROM {schema}.workers WHERE id IN (SELECT id FROM {schema}.workers WHERE expires_at <= now() LIMIT $4)
    RETURNING 1
),
lapsed_schedules AS (
    DELETE FROM {schema}.cron_schedules WHERE id IN (SELECT id FROM {schema}.cron_schedules WHERE expires_at <= now() LIMIT $4)
    RETURNING 1
),
lapsed_fires AS (
    DELETE FROM {schema}.cron_fires WHERE schedule_id IN (SELECT schedule_id FROM {schema}.cron_fires WHERE expires_at <= now() LIMIT $4)
    RETURNING 1
),
old_minutes AS (
    DELETE FROM {schema}.counters
    WHERE queue = ANY ($1::text[]) AND minute >= 0 AND minute < floor(extract(epoch FROM now()) / 60)::bigint - 61
    RETURNING queue, shard, succeeded, failed
),
folded AS (
    INSERT INTO {schema}.counters AS c (queue, minute, shard, succeeded, failed)
    SELECT queue, -1, shard, sum(succeeded), sum(failed) FROM old_minutes GROUP BY queue, shard
    ON CONFLICT (queue, minute, shard) DO UPDATE SET succeeded = c.succeeded + excluded.succeeded, failed = c.failed + excluded.failed
)
SELECT (SELECT count(*) FROM expired_kept) + (SELECT count(*) FROM old_dead) + (SELECT count(*) FROM excess_dead)
     + (SELECT count(*) FROM expired_locks) + (SELECT count(*) FROM expired_groups)
     + (SELECT count(*) FROM lapsed_workers) + (SELECT count(*) FROM lapsed_schedules) + (SELECT count(*) FROM lapsed_fires);
