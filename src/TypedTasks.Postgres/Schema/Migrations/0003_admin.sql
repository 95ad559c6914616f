-- 0003: what dashboards and the command-line tool read through IBrokerAdmin: attempts per minute, worker heartbeats,
-- and the cron schedules hosts run with their latest fires.

-- Counters gain the minute (since the Unix epoch) their attempts ended in: acks and failures count in the current
-- minute's rows, the throughput history reads the last hour's, and purge folds older minutes into minute -1, which
-- holds a queue's earlier totals (the counts made before this migration stay there).
ALTER TABLE {schema}.counters ADD COLUMN minute bigint NOT NULL DEFAULT -1;
ALTER TABLE {schema}.counters DROP CONSTRAINT counters_pkey;
ALTER TABLE {schema}.counters ADD PRIMARY KEY (queue, minute, shard);

-- A worker's last heartbeat, listed until expires_at; its queues and running jobs as parallel arrays.
CREATE TABLE {schema}.workers (
    id                text PRIMARY KEY,
    host              text NOT NULL,
    process_id        integer NOT NULL,
    queue_names       text[] NOT NULL,
    queue_concurrency integer[] NOT NULL,
    started_at        timestamptz NOT NULL,
    beat_at           timestamptz NOT NULL,
    running_ids       text[] NOT NULL,
    running_queues    text[] NOT NULL,
    running_tasks     text[] NOT NULL,
    running_started   timestamptz[] NOT NULL,
    expires_at        timestamptz NOT NULL
);

-- A cron schedule as the last host to record it described it, listed until expires_at.
CREATE TABLE {schema}.cron_schedules (
    id          text PRIMARY KEY,
    task        text NOT NULL,
    queue       text,
    expression  text NOT NULL,
    time_zone   text NOT NULL,
    next_fires  timestamptz[] NOT NULL,
    host        text,
    recorded_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- A schedule's latest fire (never replaced by an earlier one), kept apart from the schedule's record, which every
-- host rewrites.
CREATE TABLE {schema}.cron_fires (
    schedule_id text PRIMARY KEY,
    fire_time   timestamptz NOT NULL,
    job_id      text NOT NULL,
    expires_at  timestamptz NOT NULL
);
