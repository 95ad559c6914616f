--[[ delete: removes a job in any state, with its unique lock.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id.
Returns 1, or 0 when there is no such job. A worker still running a deleted job loses its lease. ]]
local g = group(1)
local id = ARGV[1]
local jk = job_key(g, id)
local s = tonumber(redis.call('HGET', jk, 's'))
if s == nil then return 0 end
if s == S_PENDING then redis.call('LREM', g.pending, 1, id)
elseif s == S_ACTIVE then end_lease(g, id)
elseif s == S_SCHEDULED then redis.call('ZREM', g.scheduled, id)
elseif s == S_RETRY then redis.call('ZREM', g.retry, id)
elseif s == S_DEAD then redis.call('ZREM', g.dead, id)
else redis.call('ZREM', g.completed, id) end
release_unique(g, jk, id)
redis.call('DEL', jk)
return 1
