--[[ forgetQueue: takes an idle queue out of the set of queue names, unless a job arrived since the caller read its
entry (the entry's score changed). The caller checked that the queue holds no job.
KEYS: [1] the set of queue names (a zset: name -> when a job last arrived, ms).
ARGV: [1] queue name, [2] the score the caller read.
Returns 1 when removed, else 0. ]]
if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1])) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
