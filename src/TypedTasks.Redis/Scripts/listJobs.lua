--[[ listJobs: one page of a set of a queue, with each job's hash, in one consistent snapshot.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] set ('pending', 'active', 'scheduled', 'retry', 'dead' or 'completed'), [2] offset, [3] count.
Order: pending oldest first (the tail of the list is fetched next), active by lease deadline, scheduled and retry by
due time, dead latest death first, completed latest expiry first and not yet expired.
Returns {id, {field, value, ...}, id, {...}, ...}; an id whose hash is gone is left out. ]]
local g = group(1)
local set, offset, count = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local ids
if set == 'pending' then
  ids = redis.call('LRANGE', g.pending, -(offset + count), -(offset + 1))
  local reversed = {}
  for i = #ids, 1, -1 do reversed[#reversed + 1] = ids[i] end
  ids = reversed
elseif set == 'dead' then
  ids = redis.call('ZREVRANGE', g.dead, offset, offset + count - 1)
elseif set == 'completed' then
  ids = redis.call('ZREVRANGEBYSCORE', g.completed, '+inf', '(' .. now_ms(), 'LIMIT', offset, count)
else
  ids = redis.call('ZRANGE', g[set], offset, offset + count - 1)
end
local out = {}
for _, id in ipairs(ids) do
  local fields = redis.call('HGETALL', job_key(g, id))
  if #fields > 0 then
    out[#out + 1] = id
    out[#out + 1] = fields
  end
end
return out
