--[[ pause: keeps every worker from fetching from the queue (fetch checks the flag); enqueueing still works.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua). ]]
local g = group(1)
redis.call('HSET', g.meta, 'paused', '1')
return 1
