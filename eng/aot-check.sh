#!/usr/bin/env bash
# Publishes the NativeAOT worker sample (net10.0), fails on any trim/AOT warning, then runs the native binary against a
# redis-server of its own: a JIT client enqueues N jobs (1000, or the first argument) and the AOT worker must process
# them all and exit 0, printing its time to the first job and its peak RSS (it exits 1 unless the jobs with a member
# written by a user MessagePack formatter read it back intact).
set -uo pipefail
jobs="${1:-1000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$(mktemp -d)"
trap 'kill $redis_pid 2>/dev/null; rm -rf "$out"' EXIT
redis_pid=""

echo "aot: publishing samples/TypedTasks.Sample.AotWorker (net10.0, linux-x64)"
dotnet publish samples/TypedTasks.Sample.AotWorker -c Release -r linux-x64 -o "$out/publish" > "$out/publish.log" 2>&1
publish_rc=$?
warnings=$(grep -E "warning (IL|AOT)[0-9]+" "$out/publish.log" | sort -u | wc -l)
if [ $publish_rc -ne 0 ] || [ "$warnings" -ne 0 ]; then
  grep -E "warning (IL|AOT)|error" "$out/publish.log" | sort -u | head -50
  echo "aot: publish failed (exit $publish_rc) or produced $warnings trim/AOT warning(s)"
  exit 1
fi
binary="$out/publish/TypedTasks.Sample.AotWorker"
echo "aot: 0 trim/AOT warnings; native binary $(stat -c %s "$binary" | awk '{printf "%.1f MiB", $1 / 1048576}')"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$out" > "$out/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

dotnet run --project samples/TypedTasks.Sample.AotWorker -c Release -- enqueue --redis "127.0.0.1:$port" --count "$jobs" || { echo "aot: the JIT client failed"; exit 1; }
timeout 120 "$binary" work --redis "127.0.0.1:$port" --exit-after "$jobs" | tee "$out/worker.log"
worker_rc=${PIPESTATUS[0]}
if [ $worker_rc -ne 0 ]; then
  echo "aot: the native worker exited with $worker_rc"
  exit 1
fi
# One job in four carries a member written by a user formatter; the worker counts those it read back intact.
if ! grep -Eq '^[1-9][0-9]* jobs read a user-formatter member back intact' "$out/worker.log"; then
  echo "aot: no job with a user-formatter member ran"
  exit 1
fi
echo "aot: the native worker processed $jobs jobs (user-formatter members intact) and exited 0"
