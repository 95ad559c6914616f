--[[ fail: ends a failed attempt: to retry after a delay, to the dead set, or cancelled.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id, [2] token, [3] disposition (0 retry, 1 dead, 2 cancelled), [4] retry delay ms, [5] error,
      [6] dead max jobs, [7] dead max age ms, [8] keep cancelled ms.
Returns 1, or 0 when the lease was lost (nothing changes). A retry keeps the envelope unchanged. ]]
local g = group(1)
local id, disposition = ARGV[1], tonumber(ARGV[3])
if not holds(g, id, ARGV[2]) then return 0 end
local now = now_ms()
local jk = job_key(g, id)
end_lease(g, id)
redis.call('HINCRBY', g.meta, 'failed', 1)
count_attempts(g, now, 'f', 1)
redis.call('HSET', jk, 'e', ARGV[5])
if disposition == 0 then
  local due = now + tonumber(ARGV[4])
  redis.call('HINCRBY', jk, 'a', 1)
  redis.call('HSET', jk, 's', S_RETRY, 'da', due)
  redis.call('ZADD', g.retry, due, id)
  if redis.call('ZRANGE', g.retry, 0, 0)[1] == id then wake(g) end
elseif disposition == 1 then
  redis.call('HINCRBY', jk, 'a', 1)
  kill(g, id, now, ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7]))
else
  end_cancelled(g, id, now, tonumber(ARGV[8]))
end
return 1
