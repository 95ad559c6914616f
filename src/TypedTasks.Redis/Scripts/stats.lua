--[[ stats: one consistent snapshot of a queue's counts.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
Returns {pending, active, scheduled, retry, dead, kept, succeeded, failed, paused (0/1)}. Expired kept entries that
no fetch has trimmed yet are not counted. ]]
local g = group(1)
local m = redis.call('HMGET', g.meta, 'succeeded', 'failed', 'paused')
return { redis.call('LLEN', g.pending), redis.call('ZCARD', g.active), redis.call('ZCARD', g.scheduled),
         redis.call('ZCARD', g.retry), redis.call('ZCARD', g.dead), redis.call('ZCOUNT', g.completed, '(' .. now_ms(), '+inf'),
         tonumber(m[1]) or 0, tonumber(m[2]) or 0, m[3] == '1' and 1 or 0 }
