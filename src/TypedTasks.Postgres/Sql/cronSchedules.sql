-- cronSchedules: the cron schedules recorded and not lapsed, by task name then id, each with its latest fire.
SELECT s.id, s.task, s.queue, s.expression, s.time_zone, s.next_fires, s.host, s.recorded_at, f.fire_time, f.job_id
FROM {schema}.cron_schedules s
LEFT JOIN {schema}.cron_fires f ON f.schedule_id = s.id AND f.expires_at > now()
WHERE s.expires_at > now()
ORDER BY s.task COLLATE "C", s.id COLLATE "C";
