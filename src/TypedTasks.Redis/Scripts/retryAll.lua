--[[ retryAll: moves one batch of a set to pending: dead jobs as retryDead does, scheduled and retry jobs as runNow does.
The broker calls it until a batch comes back short, so Redis is never held for a whole set of 10 000 jobs.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] set ('dead', 'scheduled' or 'retry'), [2] batch size.
Returns {jobs moved, ids looked at}. ]]
local g = group(1)
local set = ARGV[1]
local ids = redis.call('ZRANGE', g[set], 0, tonumber(ARGV[2]) - 1)
local moved = 0
for _, id in ipairs(ids) do
  if set == 'dead' then moved = moved + revive(g, id)
  else moved = moved + run_now(g, id) end
end
if moved > 0 then wake(g) end
return { moved, #ids }
