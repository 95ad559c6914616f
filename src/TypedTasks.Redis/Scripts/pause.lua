--[[ pause: keeps every worker from fetching from the queue (fetch checks the flag); enqueueing still works.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua), then the global set of queue names.
ARGV: [1] queue name. ]]
local g = group(1)
redis.call('HSET', g.meta, 'paused', '1')
redis.call('SADD', KEYS[GROUP_SIZE + 1], ARGV[1])
return 1
