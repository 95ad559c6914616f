--[[ resume: lets workers fetch from the queue again and wakes an idle one.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua). ]]
local g = group(1)
redis.call('HDEL', g.meta, 'paused')
wake(g)
return 1
