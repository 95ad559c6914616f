--[[ fetch: promotes due scheduled and retry jobs, then leases up to n jobs from the listed queues, in order.
KEYS: one key group (GROUP_SIZE, see lib.lua) per queue.
ARGV: [1] queue count q, [2..q+1] queue indexes in fetch order, then n, lease ms, worker id, promote batch, waiter id
('' = none), waiter ttl ms, channel prefix.
Returns {next due ms or -1 (only when nothing was leased), then per job: queue index, id, token, attempt, stalls, envelope}. ]]
return fetch_from_argv(1, now_ms())
