--[[ pause: keeps every worker from fetching from the queue (fetch checks the flag); enqueueing still works.
KEYS: the queue's key group (9, see lib.lua), then [10] the global set of queue names.
ARGV: [1] queue name. ]]
local g = group(1)
redis.call('HSET', g.meta, 'paused', '1')
redis.call('SADD', KEYS[10], ARGV[1])
return 1
