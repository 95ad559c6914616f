--[[ enqueue: stores one job; pending when due, scheduled otherwise. One round trip per job; bulk enqueue pipelines it.
KEYS: the queue's key group (9, see lib.lua), then [10] the global set of queue names.
ARGV: [1] id, [2] envelope, [3] task name, [4] due time ms (0 = now), [5] unique key ('' = none),
      [6] unique lock ttl ms, [7] unique mode (1 = released when started), [8] queue name.
Returns {0, id} when stored; {1, id of the existing job} for an existing id or a held unique lock.
The job id is made by the client (UUIDv7), so no INCR is needed and a retried enqueue of the same id stores it once. ]]
local g = group(1)
local id, due = ARGV[1], tonumber(ARGV[4])
local jk = job_key(g, id)
if redis.call('EXISTS', jk) == 1 then return { 1, id } end
if ARGV[5] ~= '' then
  local lock = g.base .. 'unique:' .. ARGV[5]
  if not redis.call('SET', lock, id, 'NX', 'PX', ARGV[6]) then
    return { 1, redis.call('GET', lock) }
  end
end
local now = now_ms()
redis.call('HSET', jk, 'p', ARGV[2], 'n', ARGV[3], 'a', 0, 'k', 0, 'ea', now, 'u', ARGV[5], 'um', ARGV[7])
if due > now then
  redis.call('HSET', jk, 's', S_SCHEDULED, 'da', due)
  redis.call('ZADD', g.scheduled, due, id)
  -- Only a new earliest job changes how long idle workers should sleep.
  if redis.call('ZRANGE', g.scheduled, 0, 0)[1] == id then wake(g) end
else
  redis.call('HSET', jk, 's', S_PENDING)
  redis.call('LPUSH', g.pending, id)
  wake(g)
end
redis.call('SADD', KEYS[10], ARGV[8])
return { 0, id }
