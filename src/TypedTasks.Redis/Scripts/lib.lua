--[[ Shared library: RedisScripts puts in front of every script this prelude and the functions below that the script
uses (ScriptLibrary.cs: Redis makes every function a script carries anew on each call), so each script stays one
atomic call. Each function starts with "local function" at the start of a line, with its comment right above it, and
ends at a line that is "end".

Key group of a queue (GROUP_SIZE = 10 KEYS in this order, all under the queue's hash tag "{q}"; group i starts at
KEYS[(i-1)*GROUP_SIZE+1]; a script's own extra keys come after its groups):
  base       "<prefix>:{q}:"      prefix of the per-job keys "<base>job:<id>" and "<base>unique:<key>"
  pending    list of ids; LPUSH in, RPOP out (FIFO); requeued and recovered jobs are RPUSHed, so they go next
  active     zset id -> lease deadline (ms)
  leases     hash id -> the lease's fencing token, then ':' and the unique key its end releases, if any (see
             lease_value); it has an entry exactly while the id is in active, so every ZREM from active drops it too
  scheduled  zset id -> due time (ms)          retry  zset id -> due time (ms)
  dead       zset id -> time of death (ms)     completed  zset id -> expiry (ms) of kept succeeded/cancelled jobs
  meta       hash: paused, succeeded, failed, lease (the last fencing token handed out)
  waiters    zset channel -> when its entry lapses (ms): brokers whose last fetch found the queue empty, each by the
             sharded channel it listens on, "<channel prefix><base>wake:<waiter id>" (the channel prefix of its
             StackExchange.Redis connection, if any; see Brokers/WakeSignals.cs for the design)

Per-minute keys "<base>tp:<minutes since the epoch>" (hash: s succeeded, f failed attempts; see count_attempts) feed
the dashboard's throughput history.

Per-job keys are built from "base" inside the scripts because their ids are only known there (fetch pops them);
they share the queue's hash tag, so every key a script touches for one queue lives in the same slot. Scripts that
span several queues in one call (fetch, ackAndFetch, extend: one round trip per batch) get the queues of one slot on
a cluster (the broker splits such calls per slot) and any queues on one Redis. The set of queue names has a slot of
its own and is kept by the broker outside the scripts.

Job hash fields: p envelope (never rewritten), n task name, s state (JobState number), a failures, st stalls,
w worker, e last error, r result, ea/da/sa/fa enqueued/due/started/ended (ms), pr progress,
c cancel requested, u unique key, um unique mode (1 = released when started). A new job's hash holds p, n, ea and s
(and da when scheduled): a missing a or st counts as 0, a missing u as no unique key.

The fencing token of a lease is not in the job hash but in leases: acking a batch then checks every lease with one
HMGET and ends them with one HDEL, one ZREM and one DEL instead of three calls per job (inside one EVAL on Redis 7.0,
an HGET costs 0.33 us and a 4-field HMGET 0.95 us, most of it the conversion of arguments and replies between Lua
and Redis). Numbers that many calls share (now, a deadline, a token) are turned into strings once: a number
argument costs 0.38 us more than a string, as Lua formats it with sprintf on every call. bench/TypedTasks.ScriptCost
measures what a job costs in these scripts.

Time comes from the server's TIME: one clock for every client and worker, so leases and delays do not depend on
client clocks (scripts are replicated by effects since Redis 5, so reading TIME is allowed). ]]

local S_SCHEDULED, S_PENDING, S_ACTIVE, S_RETRY, S_SUCCEEDED, S_DEAD, S_CANCELLED = 0, 1, 2, 3, 4, 5, 6
local GROUP_SIZE = 10

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function group(i)
  local o = (i - 1) * GROUP_SIZE
  return { base = KEYS[o + 1], pending = KEYS[o + 2], active = KEYS[o + 3], leases = KEYS[o + 4],
           scheduled = KEYS[o + 5], retry = KEYS[o + 6], dead = KEYS[o + 7], completed = KEYS[o + 8], meta = KEYS[o + 9],
           waiters = KEYS[o + 10] }
end

local function job_key(g, id) return g.base .. 'job:' .. id end

-- Counts n ended attempts (field 's' succeeded, 'f' failed) in the minute of now, for the dashboard's history of the
-- last hour: one HINCRBY per queue and batch. The increment that makes the key gives it its 61 minutes of life
-- (ThroughputMinute.Retention), so a busy minute pays for no PEXPIRE after its first batch.
local function count_attempts(g, now, field, n)
  local key = g.base .. 'tp:' .. math.floor(now / 60000)
  if redis.call('HINCRBY', key, field, n) == n then redis.call('PEXPIRE', key, 3660000) end
end

-- Wakes one waiting broker of the queue: waiters are popped in the order their entries lapse, lapsed ones dropped,
-- until one receives the message (SPUBLISH counts the clients that did; 0 means that broker is gone). The woken
-- broker's fetch wakes the next one while work remains. Lapsed entries have the lowest scores, so popping drops them
-- all before the first live one. With no waiter, as for most enqueues of a busy queue, this is one ZPOPMIN: the paused
-- flag and TIME (`now` when the caller has read it) are read only when someone waits, and a live waiter popped from a
-- paused queue goes back with its score.
local function wake(g, now)
  local paused
  while true do
    local popped = redis.call('ZPOPMIN', g.waiters)
    if not popped[1] then return end
    now = now or now_ms()
    if tonumber(popped[2]) >= now then
      if paused == nil then paused = redis.call('HGET', g.meta, 'paused') == '1' end
      if paused then
        redis.call('ZADD', g.waiters, popped[2], popped[1])
        return
      end
      if redis.call('SPUBLISH', popped[1], '1') > 0 then return end
    end
  end
end

-- A unique lock is released only while it still holds this job's id: after its TTL another job may own it.
local function release_unique_key(g, u, id)
  if u and u ~= '' then
    local lock = g.base .. 'unique:' .. u
    if redis.call('GET', lock) == id then redis.call('DEL', lock) end
  end
end

local function release_unique(g, jk, id)
  release_unique_key(g, redis.call('HGET', jk, 'u'), id)
end

-- A variadic command over values in calls of at most 1000 of them (Lua's unpack has a stack limit), after key when
-- there is one (DEL takes keys only). 1000 is even, so ZADD and HSET pairs stay whole. Returns the elements of the
-- calls' array replies in order (HMGET's values), an empty list for other replies.
local function call_chunked(command, key, values)
  local replies = {}
  for i = 1, #values, 1000 do
    local last = math.min(i + 999, #values)
    local reply
    if key then reply = redis.call(command, key, unpack(values, i, last)) else reply = redis.call(command, unpack(values, i, last)) end
    if type(reply) == 'table' then
      for _, v in ipairs(reply) do replies[#replies + 1] = v end
    end
  end
  return replies
end

-- A lease's entry in leases: its token (a string), then, for a job whose unique lock lasts until it ends, ':' and the
-- lock's key, so the end of the lease finds the lock without reading the job hash.
local function lease_value(token, unique)
  if unique then return token .. ':' .. unique end
  return token
end

-- The token and the unique key (or nil) of a leases entry (or nil for none).
local function lease_parts(value)
  if not value then return nil, nil end
  local colon = string.find(value, ':', 1, true)
  if not colon then return value, nil end
  return string.sub(value, 1, colon - 1), string.sub(value, colon + 1)
end

-- The lease check behind every completion: the job must hold a lease with this token. A worker whose lease expired
-- and whose job was recovered (and perhaps fetched again, under a new token) can change nothing.
local function holds(g, id, token)
  return lease_parts(redis.call('HGET', g.leases, id)) == token
end

-- Ends a job's lease: out of active and leases together, so an entry in one never outlives the other.
local function end_lease(g, id)
  redis.call('ZREM', g.active, id)
  redis.call('HDEL', g.leases, id)
end

local function delete_ids(g, set, ids)
  for _, id in ipairs(ids) do
    redis.call('ZREM', set, id)
    redis.call('DEL', job_key(g, id))
  end
end

-- Dead set retention, as Sidekiq: at most max_jobs, none older than max_age; trimmed jobs are deleted.
local function trim_dead(g, now, max_jobs, max_age)
  delete_ids(g, g.dead, redis.call('ZRANGEBYSCORE', g.dead, '-inf', '(' .. (now - max_age), 'LIMIT', 0, 1000))
  local excess = redis.call('ZCARD', g.dead) - max_jobs
  if excess > 0 then delete_ids(g, g.dead, redis.call('ZRANGE', g.dead, 0, excess - 1)) end
end

local function kill(g, id, now, err, max_jobs, max_age)
  local jk = job_key(g, id)
  redis.call('HSET', jk, 's', S_DEAD, 'fa', now, 'e', err)
  release_unique(g, jk, id)
  redis.call('ZADD', g.dead, now, id)
  trim_dead(g, now, max_jobs, max_age)
end

-- Ends a job as cancelled and keeps it visible for keep_ms.
local function end_cancelled(g, id, now, keep_ms)
  local jk = job_key(g, id)
  redis.call('HSET', jk, 's', S_CANCELLED, 'fa', now)
  if redis.call('HEXISTS', jk, 'e') == 0 then redis.call('HSET', jk, 'e', 'Cancelled on request.') end
  release_unique(g, jk, id)
  redis.call('PEXPIRE', jk, keep_ms)
  redis.call('ZADD', g.completed, now + keep_ms, id)
end

-- Moves due ids of a scheduled or retry set to pending. ZRANGEBYSCORE, ZREM and LPUSH run in one script, so any
-- number of fetchers may promote the same set at once and each job still lands in pending exactly once.
local function promote(g, set, now, batch)
  local ids = redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, batch)
  for _, id in ipairs(ids) do
    redis.call('ZREM', set, id)
    redis.call('LPUSH', g.pending, id)
    redis.call('HSET', job_key(g, id), 's', S_PENDING)
    redis.call('HDEL', job_key(g, id), 'da')
  end
end

-- Kept results and cancelled jobs expire by PEXPIRE; this trims their index entries.
local function purge_completed(g, now, batch)
  local ids = redis.call('ZRANGEBYSCORE', g.completed, '-inf', now, 'LIMIT', 0, batch)
  if #ids > 0 then delete_ids(g, g.completed, ids) end
end

local function earliest(set)
  local first = redis.call('ZRANGE', set, 0, 0, 'WITHSCORES')
  if first[2] then return tonumber(first[2]) end
  return nil
end

-- Moves a dead or cancelled job back to pending with its failures and stalls reset (retryDead, retryAll). Returns 1,
-- or 0 when the job is not dead or cancelled.
local function revive(g, id)
  local jk = job_key(g, id)
  local s = tonumber(redis.call('HGET', jk, 's'))
  if s == S_DEAD then redis.call('ZREM', g.dead, id)
  elseif s == S_CANCELLED then redis.call('ZREM', g.completed, id)
  else return 0 end
  redis.call('PERSIST', jk)
  redis.call('HSET', jk, 's', S_PENDING, 'a', 0, 'st', 0)
  redis.call('HDEL', jk, 'c', 'fa', 'pr')
  redis.call('LPUSH', g.pending, id)
  return 1
end

-- Makes a scheduled or retrying job due now, at the back of pending with its attempts kept (runNow, retryAll).
-- Returns 1, or 0 when the job is neither.
local function run_now(g, id)
  local jk = job_key(g, id)
  local s = tonumber(redis.call('HGET', jk, 's'))
  if s == S_SCHEDULED then redis.call('ZREM', g.scheduled, id)
  elseif s == S_RETRY then redis.call('ZREM', g.retry, id)
  else return 0 end
  redis.call('HSET', jk, 's', S_PENDING)
  redis.call('HDEL', jk, 'da')
  redis.call('LPUSH', g.pending, id)
  return 1
end

--[[ Stores one job in queue group g under its key jk: pending when due, scheduled otherwise. Returns 0 and the id when
stored, or 1 and the existing job's id for an existing id or a held unique lock. The caller ends its script with
end_enqueue, which pushes the due ones, wakes a worker and lists the queue once for all the jobs it stored.
kind holds what jobs of a call may share, as sent: name (task name), due (ms, a string), scheduled (due > now),
unique_ttl (ms) and unique_mode; unique is the job's own unique key ('' = none).
The job id is made by the client (UUIDv7), so no INCR is needed and a retried enqueue of the same id stores it once.
A caller that found none of its jobs' keys with one EXISTS over all of them (a batch of new jobs) sets
batch.check_each false and batch.ids to a table: a job then only has to differ from the ids the call stored before it,
which saves a command per job; with batch.check_each true each job is checked with its own EXISTS.
The unique fields are written only for a job that has a unique key (readers treat a missing 'u' or 'um' as none).
The enqueue time and the states go to HSET as strings made once per batch (batch.ea, batch.pending_state,
batch.scheduled_state), the due time as sent: a number would be formatted again for every job. ]]
local function enqueue_job(g, batch, now, jk, id, envelope, kind, unique)
  if batch.check_each then
    if redis.call('EXISTS', jk) == 1 then return 1, id end
  elseif batch.ids[id] then
    return 1, id
  end
  if unique ~= '' then
    local lock = g.base .. 'unique:' .. unique
    if not redis.call('SET', lock, id, 'NX', 'PX', kind.unique_ttl) then
      return 1, redis.call('GET', lock)
    end
    redis.call('HSET', jk, 'u', unique, 'um', kind.unique_mode)
  end
  if not batch.check_each then batch.ids[id] = true end
  if not batch.ea then
    batch.ea, batch.pending_state, batch.scheduled_state = tostring(now), tostring(S_PENDING), tostring(S_SCHEDULED)
  end
  if kind.scheduled then
    redis.call('HSET', jk, 'p', envelope, 'n', kind.name, 'ea', batch.ea, 's', batch.scheduled_state, 'da', kind.due)
    redis.call('ZADD', g.scheduled, kind.due, id)
    batch.scheduled = batch.scheduled or {}
    batch.scheduled[id] = true
  else
    redis.call('HSET', jk, 'p', envelope, 'n', kind.name, 'ea', batch.ea, 's', batch.pending_state)
    batch.pending = batch.pending or {}
    batch.pending[#batch.pending + 1] = id
  end
  return 0, id
end

--[[ Ends a script that called enqueue_job for the jobs in `batch`: the due jobs join pending in their order, then one
wake. Pending jobs wake a worker; scheduled ones only when one of them is now the earliest, the only change to how
long idle workers sleep. ]]
local function end_enqueue(g, batch, now)
  local wakes = batch.pending ~= nil
  if wakes then call_chunked('LPUSH', g.pending, batch.pending) end
  if not wakes and batch.scheduled then wakes = batch.scheduled[redis.call('ZRANGE', g.scheduled, 0, 0)[1]] end
  if wakes then wake(g, now) end
end

--[[ Leases up to want - #out jobs of queue group g into out, as flat {queue index, id, token, attempt, stalls,
envelope}.
The pop from pending and the ZADD to active happen in the same atomic script, so a job is never in neither set:
a worker crashing right after this call leaves the job in active, and recover brings it back (at-least-once).
Every job leased by one call gets the same new token from the queue's counter: a token needs to differ only between
two leases of the same job, which two calls make. Per job: one HMGET and one HSET (progress from an earlier attempt
is cleared); the pops, the leases and the deadlines go in one RPOP, one HSET and one ZADD for all. ]]
local function fetch_queue(qi, g, now, want, lease_ms, worker, batch, out)
  if redis.call('HGET', g.meta, 'paused') == '1' then return end
  promote(g, g.scheduled, now, batch)
  promote(g, g.retry, now, batch)
  purge_completed(g, now, batch)
  local deadlines, leases = {}, {}
  local token, token_s, started, deadline, active
  while #out / 6 < want do
    local ids = redis.call('RPOP', g.pending, want - #out / 6)
    if not ids then break end
    if not token then
      token = redis.call('HINCRBY', g.meta, 'lease', 1)
      token_s, started, deadline, active = tostring(token), tostring(now), tostring(now + lease_ms), tostring(S_ACTIVE)
    end
    for _, id in ipairs(ids) do
      local jk = job_key(g, id)
      local f = redis.call('HMGET', jk, 'p', 'a', 'um', 'st', 'pr', 'u')
      -- An id without its job hash (deleted while pending) is dropped.
      if f[1] then
        redis.call('HSET', jk, 's', active, 'w', worker, 'sa', started)
        if f[5] then redis.call('HDEL', jk, 'pr') end
        local unique = f[6]
        if unique == '' then unique = nil end
        if f[3] == '1' then
          release_unique_key(g, unique, id)
          unique = nil
        end
        deadlines[#deadlines + 1] = deadline
        deadlines[#deadlines + 1] = id
        leases[#leases + 1] = id
        leases[#leases + 1] = lease_value(token_s, unique)
        local n = #out
        out[n + 1] = qi; out[n + 2] = id; out[n + 3] = token; out[n + 4] = (tonumber(f[2]) or 0) + 1
        out[n + 5] = tonumber(f[4]) or 0; out[n + 6] = f[1]
      end
    end
  end
  call_chunked('ZADD', g.active, deadlines)
  call_chunked('HSET', g.leases, leases)
  if token and redis.call('LLEN', g.pending) > 0 then wake(g) end
end

--[[ Fetch over queue groups listed in ARGV from index a: {queue count, queue indexes..., want, lease ms, worker id,
promote batch, waiter id ('' = none), waiter ttl ms, channel prefix}. Returns {next due ms or -1, then 6 values per
job}.
A fetch that leases nothing enters the waiter in every queue's waiters set, so the next job wakes it; one that leases
takes it out (a busy broker must not swallow the wake-up an idle one could use). ]]
local function fetch_from_argv(a, now)
  local count = tonumber(ARGV[a])
  local want = tonumber(ARGV[a + count + 1])
  local lease_ms = tonumber(ARGV[a + count + 2])
  local worker = ARGV[a + count + 3]
  local batch = tonumber(ARGV[a + count + 4])
  local waiter = ARGV[a + count + 5]
  local out = {}
  for i = 1, count do
    local qi = tonumber(ARGV[a + i])
    fetch_queue(qi, group(qi), now, want, lease_ms, worker, batch, out)
    if #out / 6 >= want then break end
  end
  if waiter ~= '' then
    local lapses = now + tonumber(ARGV[a + count + 6])
    for i = 1, count do
      local g = group(tonumber(ARGV[a + i]))
      local channel = ARGV[a + count + 7] .. g.base .. 'wake:' .. waiter
      if #out == 0 then redis.call('ZADD', g.waiters, lapses, channel) else redis.call('ZREM', g.waiters, channel) end
    end
  end
  local next_due = -1
  if #out == 0 then
    for i = 1, count do
      local g = group(tonumber(ARGV[a + i]))
      if redis.call('HGET', g.meta, 'paused') ~= '1' then
        for _, due in ipairs({ earliest(g.scheduled) or -1, earliest(g.retry) or -1 }) do
          if due >= 0 and (next_due < 0 or due < next_due) then next_due = due end
        end
      end
    end
  end
  table.insert(out, 1, next_due)
  return out
end
