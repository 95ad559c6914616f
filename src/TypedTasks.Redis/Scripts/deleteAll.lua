--[[ deleteAll: deletes one batch of a set's jobs, with their unique locks, as delete does one job. The broker calls it
until a batch comes back short.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] set ('pending', 'scheduled', 'retry', 'dead' or 'completed'), [2] batch size.
Returns how many ids the batch took out of the set. ]]
local g = group(1)
local set, batch = ARGV[1], tonumber(ARGV[2])
local ids
if set == 'pending' then
  -- The oldest jobs sit at the tail; one LTRIM takes the batch off instead of an LREM per id.
  ids = redis.call('LRANGE', g.pending, -batch, -1)
  redis.call('LTRIM', g.pending, 0, -batch - 1)
else
  ids = redis.call('ZRANGE', g[set], 0, batch - 1)
  call_chunked('ZREM', g[set], ids)
end
for _, id in ipairs(ids) do
  local jk = job_key(g, id)
  release_unique(g, jk, id)
  redis.call('DEL', jk)
end
return #ids
