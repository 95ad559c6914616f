--[[ runNow: makes a scheduled or retrying job due now (the dashboard's "run now").
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] id.
Returns 1, or 0 when the job is not scheduled or retrying. ]]
local g = group(1)
if run_now(g, ARGV[1]) == 0 then return 0 end
wake(g)
return 1
