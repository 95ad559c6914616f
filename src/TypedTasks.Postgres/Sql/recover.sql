-- recover: puts jobs whose lease expired (their worker died or hung) back at the front of their queue; a job that has
-- stalled max-stalls times goes to the dead set instead, so a job that crashes its worker every time cannot take
-- down every worker in turn (BullMQ's maxStalledCount).
-- $1 queues text[], $2 gate ms (0 = no gate), $3 max stalls, $4 batch, $5 stalled error, $6 counter shard.
-- Returns one row per queue that passed the gate (name, recovered or killed jobs); purge runs for those.
-- Any node may call it: the gate (the queue row's recover_after) lets one call per interval through, and the
-- UPDATE's token check and SKIP LOCKED keep two calls at once from recovering a job twice.
WITH gate AS (
    UPDATE {schema}.queues SET recover_after = now() + $2 * interval '1 millisecond'
    WHERE name = ANY($1::text[]) AND recover_after <= now()
    RETURNING name
),
expired AS (
    SELECT j.id FROM {schema}.jobs j
    WHERE j.queue IN (SELECT name FROM gate) AND j.state = 2 AND j.lease_until <= now()
    ORDER BY j.lease_until
    LIMIT $4
    FOR UPDATE OF j SKIP LOCKED
),
recovered AS (
    UPDATE {schema}.jobs j
    SET stalls = j.stalls + 1,
        state = CASE WHEN j.stalls + 1 >= $3 THEN 5 ELSE 1 END,
        ready_at = CASE WHEN j.stalls + 1 >= $3 THEN j.ready_at ELSE '-infinity' END,
        seq = CASE WHEN j.stalls + 1 >= $3 THEN j.seq ELSE -nextval('{schema}.job_seq') END,
        ended_at = CASE WHEN j.stalls + 1 >= $3 THEN now() END,
        last_error = CASE WHEN j.stalls + 1 >= $3 THEN $5 ELSE j.last_error END,
        token = NULL, lease_until = NULL
    WHERE j.id = ANY (ARRAY(SELECT id FROM expired)) AND j.state = 2
    RETURNING j.id, j.queue, j.state, j.unique_key
),
released AS (
    DELETE FROM {schema}.unique_locks l USING recovered r
    WHERE r.state = 5 AND l.queue = r.queue AND l.key = r.unique_key AND l.job_id = r.id
),
counted AS (
    INSERT INTO {schema}.counters AS c (queue, minute, shard, failed)
    SELECT queue, floor(extract(epoch FROM now()) / 60)::bigint, $6, count(*) FROM recovered WHERE state = 5 GROUP BY queue
    ON CONFLICT (queue, minute, shard) DO UPDATE SET failed = c.failed + excluded.failed
)
SELECT g.name,
       (SELECT count(*) FROM recovered r WHERE r.queue = g.name) AS recovered,
       (SELECT count(pg_notify('{channel}', r.queue)) FROM recovered r WHERE r.queue = g.name AND r.state = 1) AS woken
FROM gate g;
