-- delete: removes a job in any state, with its unique lock. A worker still running it loses its lease.
-- $1 id. Returns one row per deleted job (none when there is no such job).
WITH deleted AS (
    DELETE FROM {schema}.jobs WHERE id = $1 AND NOT (state IN (4, 6) AND keep_until <= now())
    RETURNING queue, unique_key
),
released AS (
    DELETE FROM {schema}.unique_locks l USING deleted d WHERE l.queue = d.queue AND l.key = d.unique_key AND l.job_id = $1
)
SELECT 1 FROM deleted;
