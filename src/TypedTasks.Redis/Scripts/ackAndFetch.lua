--[[ ackAndFetch: completes a batch of succeeded jobs, then fetches the next ones: one round trip per batch
(BullMQ's moveToFinished does the same to save the extra round trip).
KEYS: one key group (GROUP_SIZE, see lib.lua) per queue involved.
ARGV: [1] ack count m, then 5 values per ack: queue index, id, token, keep ms (0 = delete), result ('' = none); then the fetch arguments as in fetch.lua, or a queue count of 0 for no fetch.
Returns {refused count, refused ids..., then fetch.lua's reply}.
An ack whose token no longer matches changes nothing: the job was recovered and belongs to another worker now.
Per queue, one HMGET reads every lease of the batch, and one HDEL, one ZREM and one DEL end the succeeded ones; only
kept jobs and unique locks cost calls of their own. ]]
local now = now_ms()
local refused = {}
local acks_of = {}
for i = 0, tonumber(ARGV[1]) - 1 do
  local a = 2 + i * 5
  local qi = tonumber(ARGV[a])
  local q = acks_of[qi]
  if not q then
    q = { ids = {}, args = {} }
    acks_of[qi] = q
  end
  q.ids[#q.ids + 1] = ARGV[a + 1]
  q.args[#q.args + 1] = a
end
for qi, q in pairs(acks_of) do
  local g = group(qi)
  local leases = call_chunked('HMGET', g.leases, q.ids)
  local ended, deleted, seen = {}, {}, {}
  for j, id in ipairs(q.ids) do
    local a = q.args[j]
    local token, unique = lease_parts(leases[j])
    if token == ARGV[a + 2] and not seen[id] then
      seen[id] = true
      ended[#ended + 1] = id
      release_unique_key(g, unique, id)
      local jk, keep = job_key(g, id), tonumber(ARGV[a + 3])
      if keep > 0 then
        redis.call('HSET', jk, 's', S_SUCCEEDED, 'fa', now)
        if ARGV[a + 4] ~= '' then redis.call('HSET', jk, 'r', ARGV[a + 4]) end
        redis.call('PEXPIRE', jk, keep)
        redis.call('ZADD', g.completed, now + keep, id)
      else
        -- Nothing is kept: a drained queue leaves no per-job key behind.
        deleted[#deleted + 1] = jk
      end
    else
      refused[#refused + 1] = id
    end
  end
  if #ended > 0 then
    call_chunked('HDEL', g.leases, ended)
    call_chunked('ZREM', g.active, ended)
    call_chunked('DEL', false, deleted)
    redis.call('HINCRBY', g.meta, 'succeeded', #ended)
    count_attempts(g, now, 's', #ended)
  end
end
local fetched = { -1 }
local f = 2 + tonumber(ARGV[1]) * 5
if tonumber(ARGV[f]) > 0 then fetched = fetch_from_argv(f, now) end
local out = { #refused }
for _, id in ipairs(refused) do out[#out + 1] = id end
for _, v in ipairs(fetched) do out[#out + 1] = v end
return out
