#!/usr/bin/env bash
# Runs the README's first command as a newcomer would: the quick-start sample on the in-memory broker, then the same
# sample against a redis-server of its own. Both must run every demo job and exit 0.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
redis_pid=""
trap 'kill $redis_pid 2>/dev/null; rm -rf "$work"' EXIT

timeout 180 dotnet run --project samples/TypedTasks.Sample > "$work/memory.log" 2>&1 || { cat "$work/memory.log"; echo "sample: the in-memory run failed"; exit 1; }
grep -q "^Done: 9 jobs ran" "$work/memory.log" || { cat "$work/memory.log"; echo "sample: the in-memory run did not finish its demo"; exit 1; }
echo "sample: in-memory run: $(grep '^Done' "$work/memory.log")"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
timeout 180 dotnet run --project samples/TypedTasks.Sample -- --redis "127.0.0.1:$port" > "$work/redis-run.log" 2>&1 || { cat "$work/redis-run.log"; echo "sample: the Redis run failed"; exit 1; }
grep -q "^Done: 9 jobs ran" "$work/redis-run.log" || { cat "$work/redis-run.log"; echo "sample: the Redis run did not finish its demo"; exit 1; }
echo "sample: Redis run: $(grep '^Done' "$work/redis-run.log")"
