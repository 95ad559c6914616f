--[[ retryDead: moves a dead or cancelled job back to pending with its failures and stalls reset.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id.
Returns 1, or 0 when the job is not dead or cancelled. ]]
local g = group(1)
local id = ARGV[1]
local jk = job_key(g, id)
local s = tonumber(redis.call('HGET', jk, 's'))
if s == S_DEAD then redis.call('ZREM', g.dead, id)
elseif s == S_CANCELLED then redis.call('ZREM', g.completed, id)
else return 0 end
redis.call('PERSIST', jk)
redis.call('HSET', jk, 's', S_PENDING, 'a', 0, 'st', 0)
redis.call('HDEL', jk, 'c', 'fa', 'pr')
redis.call('LPUSH', g.pending, id)
wake(g)
return 1
