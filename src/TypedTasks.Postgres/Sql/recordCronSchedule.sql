-- recordCronSchedule: stores a cron schedule as a host describes it, listed until now + ttl unless recorded again
-- (hosts running the same schedule write the same id). Its latest fire lives in cron_fires (recordCronFire.sql).
-- $1 id, $2 task, $3 queue (null = the task's default), $4 expression, $5 time zone, $6 next fires timestamptz[],
-- $7 host, $8 recorded at, $9 ttl ms.
INSERT INTO {schema}.cron_schedules AS s (id, task, queue, expression, time_zone, next_fires, host, recorded_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + $9 * interval '1 millisecond')
ON CONFLICT (id) DO UPDATE
SET task = excluded.task, queue = excluded.queue, expression = excluded.expression, time_zone = excluded.time_zone,
    next_fires = excluded.next_fires, host = excluded.host, recorded_at = excluded.recorded_at,
    expires_at = excluded.expires_at;
