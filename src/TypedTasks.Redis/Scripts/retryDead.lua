--[[ retryDead: moves a dead or cancelled job back to pending with its failures and stalls reset.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id.
Returns 1, or 0 when the job is not dead or cancelled. ]]
local g = group(1)
if revive(g, ARGV[1]) == 0 then return 0 end
wake(g)
return 1
