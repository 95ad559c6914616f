--[[ throughput: a queue's attempts per minute (see count_attempts in lib.lua) for the last n minutes of the server's clock.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] minutes n.
Returns {current minute (minutes since the epoch), then succeeded and failed of each minute, oldest first}. ]]
local g = group(1)
local n = tonumber(ARGV[1])
local current = math.floor(now_ms() / 60000)
local out = { current }
for minute = current - n + 1, current do
  local counts = redis.call('HMGET', g.base .. 'tp:' .. minute, 's', 'f')
  out[#out + 1] = tonumber(counts[1]) or 0
  out[#out + 1] = tonumber(counts[2]) or 0
end
return out
