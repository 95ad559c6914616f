--[[ requeue: gives a leased job back untouched (graceful shutdown); it goes to the front of pending and the attempt
does not count.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id, [2] token.
Returns 1, or 0 when the lease was lost. ]]
local g = group(1)
local id = ARGV[1]
if not holds(g, id, ARGV[2]) then return 0 end
end_lease(g, id)
redis.call('HSET', job_key(g, id), 's', S_PENDING)
redis.call('RPUSH', g.pending, id)
wake(g)
return 1
