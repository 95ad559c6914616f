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
source bench/lib/redis-beside.sh
n="${1:-20000}"
export TT_ARTIFACTS="${TT_ARTIFACTS:-/tmp/tt-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
nats_server=/usr/sbin/nats-server
[ -x "$nats_server" ] || { echo "no nats-server: apt-get install -y nats-server" >&2; exit 1; }
work="$(mktemp -d)"
nats_pid=""
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

run_redis_phases "$work" "$n" "$results"

python3 - "$results" <<'PY'
import sys
sys.path.insert(0, "bench/lib")
from results import Results
results = Results(sys.argv[1])
redis = results.has("redis")
def cells(phase, workers):
    nats = results.rate("nats", phase, workers)
    if not redis:
        return [f"{nats:,.0f}"]
    r = results.rate("redis", phase, workers)
    return [f"{nats:,.0f}", f"{r:,.0f}", f"{nats / r:.2f}x"]
results.print_table(["TypedTasks on NATS jobs/s"] + (["TypedTasks on Redis jobs/s", "NATS / Redis"] if redis else []), cells)
print(results.lateness("NATS"))
PY
