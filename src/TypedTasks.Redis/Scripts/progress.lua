--[[ progress: records a running job's progress.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id, [2] token, [3] percent.
Returns 1, or 0 when the lease was lost. ]]
local g = group(1)
if not holds(g, ARGV[1], ARGV[2]) then return 0 end
redis.call('HSET', job_key(g, ARGV[1]), 'pr', ARGV[3])
return 1
