--[[ cancel: a waiting job is cancelled at once; a running one is flagged, and its worker learns of it from extend.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id, [2] keep cancelled ms.
Returns 0 not found, 1 cancelled, 2 requested, 3 already ended (CancelOutcome). ]]
local g = group(1)
local id = ARGV[1]
local jk = job_key(g, id)
local s = tonumber(redis.call('HGET', jk, 's'))
if s == nil then return 0 end
if s == S_ACTIVE then
  redis.call('HSET', jk, 'c', 1)
  return 2
end
if s == S_PENDING then redis.call('LREM', g.pending, 1, id)
elseif s == S_SCHEDULED then redis.call('ZREM', g.scheduled, id)
elseif s == S_RETRY then redis.call('ZREM', g.retry, id)
else return 3 end
end_cancelled(g, id, now_ms(), tonumber(ARGV[2]))
return 1
