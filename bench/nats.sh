#!/usr/bin/env bash
# The NATS benchmark in one command: TypedTasks' NatsBroker on a throw-away nats-server -js (file storage, a free
# loopback port, a temp store dir, stopped by PID), one process per phase (bench/TypedTasks.NatsBench), each phase in
# buckets of its own; beside it, the same phases on our Redis broker (bench/TypedTasks.Throughput against a
# redis-server of the script's own, no persistence) when redis-server is installed; then a table.
#   bash bench/nats.sh [N]
# N jobs per phase (default 20000); each phase first runs a tenth as many jobs, untimed. Phases: enqueue-serial (one
# caller awaiting each enqueue), enqueue-bulk (EnqueueManyAsync in batches of 1000), drain at 10 and 50 workers (the
# queue prefilled, timed from the worker's start to the last job's start), and scheduled lateness (1000 jobs due 2 s
# after their enqueue, spread over 1 s, one worker).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-20000}"
export TT_ARTIFACTS="${TT_ARTIFACTS:-/tmp/tt-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
nats_server=/usr/sbin/nats-server
[ -x "$nats_server" ] || { echo "no nats-server: apt-get install -y nats-server" >&2; exit 1; }
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
nats_pid=""; redis_pid=""
stop() {
  [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null
  sleep 1; rm -rf "$work"
}
trap stop EXIT

echo "bench: building (TT_ARTIFACTS=$TT_ARTIFACTS)"
dotnet build bench/TypedTasks.NatsBench -c Release -o "$work/bin" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
port=$(free_port); mport=$(free_port)
"$nats_server" -js -a 127.0.0.1 -p "$port" -m "$mport" -sd "$work/nats" --server_name bench -l "$work/nats.log" &
nats_pid=$!
for _ in $(seq 1 100); do curl -s -m 1 "http://127.0.0.1:$mport/healthz?js-enabled-only=true" | grep -q '"ok"' && break; sleep 0.1; done
echo "bench: $("$nats_server" --version) on 127.0.0.1:$port (file storage), N=$n, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

results="$work/results.txt"
: > "$results"
run() {  # run PHASE PREFIX [ARGS...]
  local phase="$1" prefix="$2"; shift 2
  local line
  local count="${COUNT:-$n}"
  line=$(dotnet "$work/bin/TypedTasks.NatsBench.dll" "$phase" --nats "nats://127.0.0.1:$port" --prefix "$prefix" \
    --count "$count" --warmup $(( count / 10 )) "$@" | grep '^RESULT ' | cut -c8-) || { echo "bench: nats $phase failed" >&2; exit 1; }
  echo "$line" | tee -a "$results"
}
run enqueue-serial serial
run enqueue-bulk bulk
run drain drain10 --concurrency 10
run drain drain50 --concurrency 50
COUNT=1000 run scheduled scheduled --delay-ms 2000

if command -v redis-server > /dev/null; then
  dotnet build bench/TypedTasks.Throughput -c Release -o "$work/redis-bin" > "$work/redis-build.log" 2>&1 || { tail -30 "$work/redis-build.log"; exit 1; }
  rport=$(free_port)
  redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$rport" ping > /dev/null 2>&1 && break; sleep 0.1; done
  redis_run() {  # redis_run PHASE [ARGS...]: a flushed database (prefilled for drain), then the phase
    local phase="$1"; shift
    local line
    redis-cli -p "$rport" flushall > /dev/null
    [ "$phase" = drain ] && dotnet "$work/redis-bin/TypedTasks.Throughput.dll" prefill --redis "127.0.0.1:$rport" --count "$n" --warmup $(( n / 10 )) > /dev/null
    line=$(dotnet "$work/redis-bin/TypedTasks.Throughput.dll" "$phase" --redis "127.0.0.1:$rport" --count "$n" --warmup $(( n / 10 )) "$@" \
      | grep '^RESULT ' | cut -c8-) || { echo "bench: redis $phase failed" >&2; exit 1; }
    line=$(echo "$line" | python3 -c 'import json,sys; r=json.load(sys.stdin); r["system"]="redis"; r["phase"]=sys.argv[1]; r["jobs_per_s"]=round(r["jobs"]/r["seconds"]); print(json.dumps(r))' "$phase")
    echo "$line" | tee -a "$results"
  }
  redis_run enqueue-serial
  redis_run enqueue-bulk
  redis_run drain --concurrency 10
  redis_run drain --concurrency 50
fi

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def rate(system, phase, concurrency=None):
    for r in rows:
        if r["system"] == system and r["phase"] == phase and (concurrency is None or r.get("concurrency") == concurrency):
            return r["jobs_per_s"]
redis = any(r["system"] == "redis" for r in rows)
print()
print("| Phase | TypedTasks on NATS jobs/s |" + (" TypedTasks on Redis jobs/s | NATS / Redis |" if redis else ""))
print("| --- | ---: |" + (" ---: | ---: |" if redis else ""))
for label, phase, c in [("enqueue, one caller", "enqueue-serial", None), ("enqueue, bulk", "enqueue-bulk", None),
                        ("drain, 10 workers", "drain", 10), ("drain, 50 workers", "drain", 50)]:
    t = rate("nats", phase, c)
    line = f"| {label} | {t:,.0f} |"
    if redis:
        r = rate("redis", phase, c)
        line += f" {r:,.0f} | {t / r:.2f}x |"
    print(line)
s = next(r for r in rows if r["phase"] == "scheduled")
print(f"\nScheduled lateness (NATS, {s['jobs']} jobs due 2 s after enqueue, spread over 1 s): "
      f"p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms, max {s['max_ms']:.1f} ms")
PY
