-- recordCronFire: records that a schedule enqueued the fire time $2 as job $3; an earlier fire never replaces a later
-- one that has not lapsed (two hosts may record the same fire, or a slow host an older one).
-- $1 schedule id, $2 fire time, $3 job id, $4 ttl ms.
INSERT INTO {schema}.cron_fires AS f (schedule_id, fire_time, job_id, expires_at)
VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
ON CONFLICT (schedule_id) DO UPDATE
SET fire_time = excluded.fire_time, job_id = excluded.job_id, expires_at = excluded.expires_at
WHERE f.expires_at <= now() OR f.fire_time < excluded.fire_time;
