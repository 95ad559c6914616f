--[[ cronFired: records a cron schedule's latest fire in the hash of expiring records (see recordExpiring), unless a
live record holds a later fire: every host running the schedule records each fire, and a slow one must not put an
older fire back.
KEYS: [1] the hash.
ARGV: [1] field, [2] ttl ms, [3] fire time ms, [4] job id.
Stores "<expiry ms>:<fire time ms>:<job id>". Returns 1 when recorded, 0 when a later fire is kept. ]]
local now = now_ms()
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local expiry, fire = string.match(old, '^(%d+):(%d+):')
  if expiry and tonumber(expiry) > now and tonumber(fire) > tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], (now + tonumber(ARGV[2])) .. ':' .. ARGV[3] .. ':' .. ARGV[4])
return 1
