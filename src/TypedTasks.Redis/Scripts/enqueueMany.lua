--[[ enqueueMany: stores jobs of one queue (see enqueue_job in lib.lua): a single enqueue, the enqueues that piled up
while the previous call was in flight, or a chunk of a bulk enqueue. The script's set-up is paid once per call.
KEYS: the queue's key group (GROUP_SIZE, see lib.lua).
ARGV: [1] job count n, [2] kind count k, then k kinds of 4 values: task name, due time ms (0 = now), unique lock ttl ms
      (0 = no unique key), unique mode (1 = released when started); then per job: id, envelope, its kind's 1-based
      number when k > 1, its unique key ('' = none) when a kind has a ttl.
Values that jobs share (a bulk enqueue's task, due time and unique settings, or the same task enqueued by many
callers) go once per call as a kind instead of once per job: a batch of one kind sends 2 values per job, not 7, which
Redis parses and turns into Lua strings, and the client writes. In a call of several jobs, one EXISTS over every job's
key tells whether any id is stored already; when none is, as for new jobs, no job needs an EXISTS of its own. A lone
job (most single enqueues) takes its own EXISTS in enqueue_job and makes no tables of a batch's.
Returns the duplicates only, as pairs: the job's 0-based position in the call and the existing job's id (for an id
already stored or a held unique lock); an empty reply when every job was stored, which a batch of new jobs mostly is. ]]
local g = group(1)
local now = now_ms()
local n = tonumber(ARGV[1])
local k = tonumber(ARGV[2])
local kinds = {}
local has_unique = false
for i = 1, k do
  local a = 3 + (i - 1) * 4
  kinds[i] = { name = ARGV[a], due = ARGV[a + 1], scheduled = tonumber(ARGV[a + 1]) > now, unique_ttl = ARGV[a + 2],
               unique_mode = ARGV[a + 3] }
  has_unique = has_unique or ARGV[a + 2] ~= '0'
end
local first, stride = 3 + k * 4, 2
if k > 1 then stride = stride + 1 end
if has_unique then stride = stride + 1 end
local batch = { check_each = n == 1 }
local jks
if n > 1 then
  jks = {}
  for i = 1, n do jks[i] = job_key(g, ARGV[first + (i - 1) * stride]) end
  local existing = 0
  for i = 1, n, 1000 do
    existing = existing + redis.call('EXISTS', unpack(jks, i, math.min(i + 999, n)))
  end
  batch.check_each = existing > 0
  batch.ids = {}
end
local out = {}
for i = 1, n do
  local a = first + (i - 1) * stride
  local id = ARGV[a]
  local kind = kinds[1]
  if k > 1 then kind = kinds[tonumber(ARGV[a + 2])] end
  local unique = ''
  if has_unique then unique = ARGV[a + stride - 1] end
  local status, existing = enqueue_job(g, batch, now, jks and jks[i] or job_key(g, id), id, ARGV[a + 1], kind, unique)
  if status ~= 0 then
    out[#out + 1] = i - 1
    out[#out + 1] = existing
  end
end
end_enqueue(g, batch, now)
return out
