--[[ ackAndFetch: completes a batch of succeeded jobs, then fetches the next ones: one round trip per batch
(BullMQ's moveToFinished does the same to save the extra round trip).
KEYS: one key group (9, see lib.lua) per queue involved.
ARGV: [1] ack count m, then 5 values per ack: queue index, id, token, keep ms (0 = delete), result ('' = none); then the fetch arguments as in fetch.lua, or a queue count of 0 for no fetch.
Returns {refused count, refused ids..., then fetch.lua's reply}.
An ack whose token no longer matches changes nothing: the job was recovered and belongs to another worker now. ]]
local now = now_ms()
local acks = tonumber(ARGV[1])
local refused = {}
local groups, succeeded = {}, {}
for i = 0, acks - 1 do
  local a = 2 + i * 5
  local qi = tonumber(ARGV[a])
  groups[qi] = groups[qi] or group(qi)
  local g = groups[qi]
  local id, keep = ARGV[a + 1], tonumber(ARGV[a + 3])
  local jk = job_key(g, id)
  -- The lease check of holds() in two calls that also do the work: the token must match, and the ZREM from active
  -- must find the job (a recovered job is no longer there).
  local f = redis.call('HMGET', jk, 'k', 'u')
  if f[1] == ARGV[a + 2] and redis.call('ZREM', g.active, id) == 1 then
    succeeded[qi] = (succeeded[qi] or 0) + 1
    release_unique_key(g, f[2], id)
    if keep > 0 then
      redis.call('HSET', jk, 's', S_SUCCEEDED, 'fa', now)
      if ARGV[a + 4] ~= '' then redis.call('HSET', jk, 'r', ARGV[a + 4]) end
      redis.call('PEXPIRE', jk, keep)
      redis.call('ZADD', g.completed, now + keep, id)
    else
      -- Nothing is kept: a drained queue leaves no per-job key behind.
      redis.call('DEL', jk)
    end
  else
    refused[#refused + 1] = id
  end
end
for qi, n in pairs(succeeded) do redis.call('HINCRBY', groups[qi].meta, 'succeeded', n) end
local fetched = { -1 }
local f = 2 + acks * 5
if tonumber(ARGV[f]) > 0 then fetched = fetch_from_argv(f, now) end
local out = { #refused }
for _, id in ipairs(refused) do out[#out + 1] = id end
for _, v in ipairs(fetched) do out[#out + 1] = v end
return out
