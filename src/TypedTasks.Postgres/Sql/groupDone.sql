-- groupDone: records that a member job of a group is done and says whether every member is.
-- $1 group id, $2 member job id, $3 group size, $4 ttl ms.
-- Returns one row: true when all members are done (also for a member that runs again, so the caller's fixed-id
-- completion job dedupes). The member row is inserted once; the group row's upsert takes its lock and reads its
-- latest count, so of two members finishing at once exactly one sees the count reach the size first.
WITH member AS (
    INSERT INTO {schema}.group_members (group_id, member) VALUES ($1, $2)
    ON CONFLICT DO NOTHING
    RETURNING 1
),
counted AS (
    INSERT INTO {schema}.groups AS g (id, done, expires_at)
    VALUES ($1, (SELECT count(*) FROM member), now() + $4 * interval '1 millisecond')
    ON CONFLICT (id) DO UPDATE SET done = g.done + excluded.done, expires_at = excluded.expires_at
    RETURNING done
)
SELECT done >= $3 FROM counted;
