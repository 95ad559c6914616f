--[[ groupDone: records that a member job of a group is done and says whether every member is.
KEYS: [1] the group's set of done member ids (its own hash tag: one key, so the step is atomic anywhere).
ARGV: [1] member job id, [2] group size, [3] ttl in ms.
Returns 1 when the set holds all members (also for a member that runs again, so the caller's fixed-id completion
job dedupes), else 0. ]]
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 1
end
return 0
