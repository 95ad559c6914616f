--[[ enqueue: stores one job; pending when due, scheduled otherwise (see enqueue_job in lib.lua).
KEYS: the queue's key group (9, see lib.lua), then [10] the global set of queue names.
ARGV: [1] id, [2] envelope, [3] task name, [4] due time ms (0 = now), [5] unique key ('' = none),
      [6] unique lock ttl ms, [7] unique mode (1 = released when started), [8] queue name.
Returns {0, id} when stored; {1, id of the existing job} for an existing id or a held unique lock. ]]
local status, id = enqueue_job(group(1), KEYS[10], ARGV[8], now_ms(), ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]),
  ARGV[5], ARGV[6], ARGV[7])
return { status, id }
