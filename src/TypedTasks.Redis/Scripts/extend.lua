--[[ extend: renews the leases of running jobs (the worker's heartbeat: one call for all its jobs).
KEYS: one key group (GROUP_SIZE, see lib.lua) per queue involved.
ARGV: [1] lease ms, [2] lease count m, then 3 values per lease: queue index, id, token.
Returns {lost count, lost ids..., ids whose cancellation was requested...}. A lost lease means the job was recovered
(and maybe fetched again) or deleted: its worker must stop it and must not complete it. ]]
local deadline = now_ms() + tonumber(ARGV[1])
local lost, cancel = {}, {}
for i = 0, tonumber(ARGV[2]) - 1 do
  local a = 3 + i * 3
  local g = group(tonumber(ARGV[a]))
  local id = ARGV[a + 1]
  if holds(g, id, ARGV[a + 2]) then
    redis.call('ZADD', g.active, 'XX', deadline, id)
    if redis.call('HGET', job_key(g, id), 'c') == '1' then cancel[#cancel + 1] = id end
  else
    lost[#lost + 1] = id
  end
end
local out = { #lost }
for _, id in ipairs(lost) do out[#out + 1] = id end
for _, id in ipairs(cancel) do out[#out + 1] = id end
return out
