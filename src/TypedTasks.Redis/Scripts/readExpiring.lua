--[[ readExpiring: the live entries of a hash of expiring records (see recordExpiring), deleting the lapsed ones.
KEYS: [1] the hash.
Returns {field, payload, field, payload, ...}. ]]
local now = now_ms()
local entries = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #entries, 2 do
  local value = entries[i + 1]
  local colon = string.find(value, ':', 1, true)
  if colon and tonumber(string.sub(value, 1, colon - 1)) > now then
    out[#out + 1] = entries[i]
    out[#out + 1] = string.sub(value, colon + 1)
  else
    redis.call('HDEL', KEYS[1], entries[i])
  end
end
return out
