-- throughput: a queue's succeeded and failed attempts per minute of the database clock for the last $2 minutes, oldest
-- first, the current minute last, minutes without attempts as zeros (summed over the counter shards).
-- $1 queue, $2 minutes (1 to 60).
SELECT m.minute, coalesce(sum(c.succeeded), 0)::bigint, coalesce(sum(c.failed), 0)::bigint
FROM generate_series(floor(extract(epoch FROM now()) / 60)::bigint - $2 + 1, floor(extract(epoch FROM now()) / 60)::bigint) AS m(minute)
LEFT JOIN {schema}.counters c ON c.queue = $1 AND c.minute = m.minute
GROUP BY m.minute
ORDER BY m.minute;
