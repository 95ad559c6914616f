--[[ recordExpiring: records entries of a hash of expiring records (worker heartbeats, cron schedules): each value is
stored as "<expiry ms>:<payload>", the expiry on the server's clock, since Redis 7.0 has no expiry per hash field.
KEYS: [1] the hash (a slot of its own on a cluster).
ARGV: [1] ttl ms, then field and payload pairs.
Returns the number of entries written. ]]
local expiry = now_ms() + tonumber(ARGV[1])
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], expiry .. ':' .. ARGV[i + 1])
end
return (#ARGV - 1) / 2
