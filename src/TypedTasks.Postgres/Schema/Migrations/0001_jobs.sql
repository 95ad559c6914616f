-- 0001: the broker's tables. {schema} is the configured schema (PostgresBrokerOptions.Schema).
-- Job states are JobState's numbers: 0 scheduled, 1 pending, 2 active, 3 retry, 4 succeeded, 5 dead, 6 cancelled.

-- Every queue that received a job or was paused; the recover gate lets one node per interval recover a queue.
CREATE TABLE {schema}.queues (
    name          text PRIMARY KEY,
    paused        boolean NOT NULL DEFAULT false,
    recover_after timestamptz NOT NULL DEFAULT '-infinity'
);

-- One row per job for its whole life; a succeeded job without a kept result is deleted.
-- A waiting job (scheduled, pending, retry) is fetched once ready_at has passed, in (ready_at, seq) order: a pending
-- job's ready_at is its enqueue time, a scheduled or retry job's its due time, so due jobs join the line when they
-- fall due without a separate promotion step; a requeued or recovered job gets '-infinity' and a negative seq, which
-- puts it at the front.
CREATE TABLE {schema}.jobs (
    id               text PRIMARY KEY,
    queue            text NOT NULL,
    task             text NOT NULL,
    state            smallint NOT NULL,
    envelope         bytea NOT NULL,
    enqueued_at      timestamptz NOT NULL,
    ready_at         timestamptz NOT NULL,
    seq              bigint NOT NULL,
    failures         integer NOT NULL DEFAULT 0,
    stalls           integer NOT NULL DEFAULT 0,
    token            bigint,
    lease_until      timestamptz,
    worker           text,
    started_at       timestamptz,
    ended_at         timestamptz,
    keep_until       timestamptz,
    last_error       text,
    progress         double precision,
    cancel_requested boolean NOT NULL DEFAULT false,
    result           bytea,
    unique_key       text,
    unique_mode      smallint NOT NULL DEFAULT 0
) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02,
        autovacuum_vacuum_insert_scale_factor = 0.02);

-- Fetch walks this index from the front of a queue's line and stops after n unlocked rows, however many wait.
CREATE INDEX jobs_waiting ON {schema}.jobs (queue, ready_at, seq) WHERE state IN (0, 1, 3);
-- Recover finds expired leases of a queue; stats count the active jobs.
CREATE INDEX jobs_leased ON {schema}.jobs (queue, lease_until) WHERE state = 2;
-- The dead list, newest death first, and its trimming.
CREATE INDEX jobs_dead ON {schema}.jobs (queue, ended_at) WHERE state = 5;
-- Succeeded and cancelled jobs kept for lookups, purged when they expire.
CREATE INDEX jobs_kept ON {schema}.jobs (queue, keep_until) WHERE state IN (4, 6);

CREATE SEQUENCE {schema}.job_seq;
CREATE SEQUENCE {schema}.lease_tokens;

-- A unique job's lock: while a row holds a job id and has not expired, enqueueing another job under the same key in
-- the same queue returns that id. The primary key is the unique index that makes the check atomic.
CREATE TABLE {schema}.unique_locks (
    queue      text NOT NULL,
    key        text NOT NULL,
    job_id     text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (queue, key)
);
CREATE INDEX unique_locks_expiry ON {schema}.unique_locks (expires_at);

-- Succeeded and failed attempts per queue, spread over shards so concurrent acks do not queue up on one row.
CREATE TABLE {schema}.counters (
    queue     text NOT NULL,
    shard     smallint NOT NULL,
    succeeded bigint NOT NULL DEFAULT 0,
    failed    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (queue, shard)
);

-- Job groups: the done members, and a count on the group row whose lock orders the members finishing at once.
CREATE TABLE {schema}.groups (
    id         text PRIMARY KEY,
    done       integer NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX groups_expiry ON {schema}.groups (expires_at);
CREATE TABLE {schema}.group_members (
    group_id text NOT NULL,
    member   text NOT NULL,
    PRIMARY KEY (group_id, member)
);
