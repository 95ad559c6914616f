-- deleteAll: deletes one batch of a queue's jobs in the given states, with their unique locks, as delete.sql does one
-- job (a kept job past its time counts as gone already). The broker repeats it until a batch comes back short.
-- $1 queue, $2 states smallint[] (one set: {1} pending, {0} scheduled, {3} retry, {5} dead, {4,6} kept), $3 batch.
-- Returns one row: how many jobs it deleted.
WITH picked AS (
    SELECT id FROM {schema}.jobs
    WHERE queue = $1 AND state = ANY ($2::smallint[]) AND NOT (state IN (4, 6) AND keep_until <= now())
    LIMIT $3 FOR UPDATE SKIP LOCKED
),
deleted AS (
    DELETE FROM {schema}.jobs WHERE id = ANY (ARRAY(SELECT id FROM picked)) AND state = ANY ($2::smallint[])
    RETURNING id, queue, unique_key
),
released AS (
    DELETE FROM {schema}.unique_locks l USING deleted d WHERE l.queue = d.queue AND l.key = d.unique_key AND l.job_id = d.id
)
SELECT count(*) FROM deleted;
