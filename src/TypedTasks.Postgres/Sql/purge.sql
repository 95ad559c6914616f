-- purge: keeps the tables to their retention in short batches (each a few milliseconds, no long transaction): kept
-- succeeded and cancelled jobs past their time, dead jobs past the queue's age limit or beyond its count limit
-- (newest deaths stay), expired unique locks and job groups.
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
)
SELECT (SELECT count(*) FROM expired_kept) + (SELECT count(*) FROM old_dead) + (SELECT count(*) FROM excess_dead)
     + (SELECT count(*) FROM expired_locks) + (SELECT count(*) FROM expired_groups);
