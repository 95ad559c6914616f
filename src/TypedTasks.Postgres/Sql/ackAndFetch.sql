-- ackAndFetch: completes a batch of succeeded jobs, then leases the next ones: one round trip per batch (BullMQ's
-- moveToFinished does the same). FetchAsync runs it with no acks.
-- $1 queues to fetch from, in order, text[] (empty = no fetch), $2 most jobs to lease, $3 lease ms, $4 worker id,
-- $5 acked ids text[], $6 their tokens bigint[], $7 keep ms bigint[] (0 = delete the job), $8 results bytea[] (null =
-- none), $9 counter shard (of the current minute's counters).
-- Returns rows of three kinds: 0 a refused ack (id), 1 a leased job (queue, id, token, attempt, stalls, envelope) in
-- fetch order, 2 when nothing was leased: the earliest due time of a waiting job in the queues (next_due, or null).
-- An ack must present the token of the job's current lease: a worker whose lease expired and whose job was recovered
-- (and perhaps leased again) changes nothing. The leasing UPDATE moves a job from waiting to active in the same
-- statement that picks it, so a job is never in neither; FOR UPDATE SKIP LOCKED lets fetchers pass each other's
-- picks instead of waiting on them. Every job leased by one statement gets the same new token: a token needs to
-- differ only between two leases of the same job, which two statements make.
-- Rows are found by id = ANY (array), never by a join on a CTE: a prepared statement's generic plan cannot know how
-- many ids a CTE holds and would hash-join the whole table; an array makes it walk the primary key.
WITH ack AS (
    SELECT * FROM unnest($5::text[], $6::bigint[], $7::bigint[], $8::bytea[]) AS a(id, token, keep_ms, result)
),
deleted AS (
    DELETE FROM {schema}.jobs j USING ack a
    WHERE j.id = ANY ($5::text[]) AND j.id = a.id AND j.state = 2 AND j.token = a.token AND a.keep_ms = 0
    RETURNING j.id, j.queue, j.unique_key
),
kept AS (
    UPDATE {schema}.jobs j
    SET state = 4, ended_at = now(), keep_until = now() + a.keep_ms * interval '1 millisecond', result = a.result,
        token = NULL, lease_until = NULL
    FROM ack a
    WHERE j.id = ANY ($5::text[]) AND j.id = a.id AND j.state = 2 AND j.token = a.token AND a.keep_ms > 0
    RETURNING j.id, j.queue, j.unique_key
),
ended AS (
    SELECT * FROM deleted UNION ALL SELECT * FROM kept
),
released AS (
    DELETE FROM {schema}.unique_locks l USING ended e
    WHERE l.queue = e.queue AND l.key = e.unique_key AND l.job_id = e.id
),
counted AS (
    INSERT INTO {schema}.counters AS c (queue, minute, shard, succeeded)
    SELECT queue, floor(extract(epoch FROM now()) / 60)::bigint, $9, count(*) FROM ended GROUP BY queue
    ON CONFLICT (queue, minute, shard) DO UPDATE SET succeeded = c.succeeded + excluded.succeeded
),
candidate AS (
    SELECT w.id, q.ord, w.ready_at, w.seq
    FROM unnest($1::text[]) WITH ORDINALITY AS q(name, ord)
    CROSS JOIN LATERAL (
        SELECT j.id, j.ready_at, j.seq FROM {schema}.jobs j
        WHERE j.queue = q.name AND j.state IN (0, 1, 3) AND j.ready_at <= now()
        ORDER BY j.ready_at, j.seq
        LIMIT $2
        FOR UPDATE SKIP LOCKED
    ) w
    WHERE NOT EXISTS (SELECT 1 FROM {schema}.queues p WHERE p.name = q.name AND p.paused)
    ORDER BY q.ord, w.ready_at, w.seq
    LIMIT $2
),
leased AS (
    UPDATE {schema}.jobs j
    SET state = 2, token = t.value, lease_until = now() + $3 * interval '1 millisecond', worker = $4,
        started_at = now(), progress = NULL
    FROM (SELECT nextval('{schema}.lease_tokens') AS value) t
    WHERE j.id = ANY (ARRAY(SELECT id FROM candidate)) AND j.state IN (0, 1, 3)
    RETURNING j.queue, j.id, j.token, j.failures, j.stalls, j.envelope, j.unique_key, j.unique_mode
),
started AS (
    DELETE FROM {schema}.unique_locks l USING leased s
    WHERE s.unique_mode = 1 AND l.queue = s.queue AND l.key = s.unique_key AND l.job_id = s.id
)
SELECT 0 AS kind, NULL::text AS queue, a.id, NULL::bigint AS token, NULL::integer AS attempt, NULL::integer AS stalls,
       NULL::bytea AS envelope, NULL::timestamptz AS next_due, NULL::bigint AS ord, NULL::timestamptz AS ready_at, NULL::bigint AS seq
FROM ack a WHERE NOT EXISTS (SELECT 1 FROM ended e WHERE e.id = a.id)
UNION ALL
SELECT 1, s.queue, s.id, s.token, s.failures + 1, s.stalls, s.envelope, NULL, c.ord, c.ready_at, c.seq
FROM leased s JOIN candidate c ON c.id = s.id
UNION ALL
SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL,
       (SELECT min(n.ready_at)
        FROM unnest($1::text[]) AS q(name)
        CROSS JOIN LATERAL (
            SELECT j.ready_at FROM {schema}.jobs j
            WHERE j.queue = q.name AND j.state IN (0, 1, 3) AND j.ready_at > now()
            ORDER BY j.ready_at, j.seq LIMIT 1
        ) n
        WHERE NOT EXISTS (SELECT 1 FROM {schema}.queues p WHERE p.name = q.name AND p.paused)),
       NULL, NULL, NULL
WHERE cardinality($1::text[]) > 0 AND NOT EXISTS (SELECT 1 FROM leased)
ORDER BY kind, ord, ready_at, seq;
