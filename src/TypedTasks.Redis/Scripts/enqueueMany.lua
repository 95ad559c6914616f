--[[ enqueueMany: stores jobs of one queue (see enqueue_job in lib.lua): a single enqueue, the enqueues that piled up
while the previous call was in flight, or a chunk of a bulk enqueue. The script's set-up is paid once per call.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] job count n, then 7 values per job: id, envelope, task name, due time ms (0 = now),
      unique key ('' = none), unique lock ttl ms, unique mode (1 = released when started).
Returns the duplicates only, as pairs: the job's 0-based position in the call and the existing job's id (for an id
already stored or a unique lock held); an empty reply when every job was stored, which a batch of new jobs mostly is. ]]
local g = group(1)
local now = now_ms()
local out = {}
local batch = {}
for i = 0, tonumber(ARGV[1]) - 1 do
  local a = 2 + i * 7
  local status, id = enqueue_job(g, batch, now, ARGV[a], ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3]),
    ARGV[a + 4], ARGV[a + 5], ARGV[a + 6])
  if status ~= 0 then
    out[#out + 1] = i
    out[#out + 1] = id
  end
end
end_enqueue(g, batch, now)
return out
