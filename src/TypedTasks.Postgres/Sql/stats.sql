-- stats: one consistent snapshot of a queue's counts (each from its state's partial index).
-- $1 queue, $2 dead max jobs, $3 dead max age ms.
-- Returns one row: pending, active, scheduled, retry, dead, kept, succeeded, failed, paused. Dead counts what the
-- dead list shows: the newest max jobs deaths within the max age (purge deletes the rest in batches).
SELECT
    (SELECT count(*) FROM {schema}.jobs WHERE queue = $1 AND state = 1),
    (SELECT count(*) FROM {schema}.jobs WHERE queue = $1 AND state = 2),
    (SELECT count(*) FROM {schema}.jobs WHERE queue = $1 AND state = 0),
    (SELECT count(*) FROM {schema}.jobs WHERE queue = $1 AND state = 3),
    LEAST($2::bigint, (SELECT count(*) FROM {schema}.jobs
        WHERE queue = $1 AND state = 5 AND ended_at >= now() - $3 * interval '1 millisecond')),
    (SELECT count(*) FROM {schema}.jobs WHERE queue = $1 AND state IN (4, 6) AND keep_until > now()),
    (SELECT coalesce(sum(succeeded), 0) FROM {schema}.counters WHERE queue = $1)::bigint,
    (SELECT coalesce(sum(failed), 0) FROM {schema}.counters WHERE queue = $1)::bigint,
    coalesce((SELECT paused FROM {schema}.queues WHERE name = $1), false);
