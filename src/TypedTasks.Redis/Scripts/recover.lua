--[[ recover: puts jobs whose lease expired (their worker died or hung) back at the front of pending; a job that has
stalled max-stalls times goes to the dead set instead, so a job that crashes its worker every time cannot take down
every worker in turn (BullMQ's maxStalledCount).
KEYS: the queue's key group (GROUP_SIZE, see lib.lua), then the queue's recover gate.
ARGV: [1] gate ms (0 = no gate), [2] max stalls, [3] batch, [4] dead max jobs, [5] dead max age ms, [6] stalled error.
Returns how many jobs were recovered or killed.
Any node may call it; SET NX PX on the gate lets one run per interval, and because every step is inside this script,
two runs at once could not recover a job twice anyway. ]]
local g = group(1)
local gate_ms = tonumber(ARGV[1])
if gate_ms > 0 and not redis.call('SET', KEYS[GROUP_SIZE + 1], '1', 'NX', 'PX', gate_ms) then return 0 end
local now = now_ms()
local ids = redis.call('ZRANGEBYSCORE', g.active, '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local back = 0
-- Newest expiry first, so after the RPUSHes the longest-expired job is the next one fetched.
for i = #ids, 1, -1 do
  local id = ids[i]
  local jk = job_key(g, id)
  end_lease(g, id)
  if redis.call('HINCRBY', jk, 'st', 1) >= tonumber(ARGV[2]) then
    redis.call('HINCRBY', g.meta, 'failed', 1)
    count_attempts(g, now, 'f', 1)
    kill(g, id, now, ARGV[6], tonumber(ARGV[4]), tonumber(ARGV[5]))
  else
    redis.call('HSET', jk, 's', S_PENDING)
    redis.call('RPUSH', g.pending, id)
    back = back + 1
  end
end
if back > 0 then wake(g) end
return #ids
