-- extend: renews the leases of running jobs (a worker's heartbeat: one statement for all its jobs).
-- $1 ids text[], $2 tokens bigint[], $3 lease ms.
-- Returns the leases that need the worker's attention: id, lost (the job was recovered, maybe leased again, or
-- deleted: stop it, do not complete it), cancel requested (renewed, but its cancellation was asked).
WITH lease AS (
    SELECT * FROM unnest($1::text[], $2::bigint[]) AS l(id, token)
),
renewed AS (
    UPDATE {schema}.jobs j SET lease_until = now() + $3 * interval '1 millisecond'
    FROM lease l
    WHERE j.id = ANY ($1::text[]) AND j.id = l.id AND j.state = 2 AND j.token = l.token
    RETURNING j.id, j.cancel_requested
)
SELECT l.id, r.id IS NULL AS lost, coalesce(r.cancel_requested, false) AS cancel_requested
FROM lease l LEFT JOIN renewed r ON r.id = l.id
WHERE r.id IS NULL OR r.cancel_requested;
