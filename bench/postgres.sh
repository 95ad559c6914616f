#!/usr/bin/env bash
# The PostgreSQL benchmark in one command: TypedTasks' PostgresBroker against Hangfire 1.8.25 with Hangfire.PostgreSql
# 1.21.1 on the same throw-away PostgreSQL cluster (initdb + pg_ctl on a free loopback port in a temp dir, as user
# postgres when run as root, fsync off for both systems), one process per phase (bench/TypedTasks.PostgresBench), each
# phase in a schema of its own; then a table with the ratios.
#   bash bench/postgres.sh [N] [HANGFIRE_N]
# N jobs per TypedTasks phase (default 20000), HANGFIRE_N per Hangfire phase (default N/10: the figures are rates, and
# Hangfire is slow enough that N would take many minutes). Each phase first runs a tenth as many jobs, untimed.
# Phases: enqueue-serial (one caller awaiting each enqueue), enqueue-bulk (TypedTasks: EnqueueManyAsync in batches of
# 1000; Hangfire has no bulk enqueue outside Hangfire Pro, so 64 concurrent enqueues), drain at 10 and 50 workers (the
# queue prefilled, timed from the worker's start to the last job's start), and scheduled lateness (TypedTasks).
# When redis-server is installed, the same phases run on our Redis broker too (bench/TypedTasks.Throughput against a
# redis-server of the script's own, no persistence), for the PostgreSQL broker beside it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-20000}"
hn="${2:-$(( n / 10 ))}"
export TT_ARTIFACTS="${TT_ARTIFACTS:-/tmp/tt-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[ -x "$pgbin/initdb" ] || { echo "no PostgreSQL server: apt-get install -y postgresql-15" >&2; exit 1; }
work="$(mktemp -d)"
chmod 755 "$work"
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work"; as_pg=(runuser -u postgres --); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
pg_opts="-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
redis_pid=""
stop() {
  [ -f "$work/data/postmaster.pid" ] && kill -INT "$(head -1 "$work/data/postmaster.pid")" 2>/dev/null
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null
  sleep 1; rm -rf "$work"
}
trap stop EXIT

echo "bench: building (TT_ARTIFACTS=$TT_ARTIFACTS)"
dotnet build bench/TypedTasks.PostgresBench -c Release -o "$work/bin" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
(cd "$work" && "${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > "$work/initdb.log" 2>&1) || { cat "$work/initdb.log"; exit 1; }
(cd "$work" && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -o "$pg_opts" -w start > /dev/null) || { cat "$work/postgres.log"; exit 1; }
cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=200;Timeout=60;Command Timeout=300"
echo "bench: $("$pgbin/postgres" --version) on 127.0.0.1:$port (fsync off), N=$n (Hangfire $hn), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

results="$work/results.txt"
: > "$results"
run() {  # run SYSTEM PHASE SCHEMA COUNT [ARGS...]
  local system="$1" phase="$2" schema="$3" count="$4"; shift 4
  local line
  line=$(dotnet "$work/bin/TypedTasks.PostgresBench.dll" "$system" "$phase" --postgres "$cs" --schema "$schema" \
    --count "$count" --warmup $(( count / 10 )) "$@" | grep '^RESULT ' | cut -c8-) || { echo "bench: $system $phase failed" >&2; exit 1; }
  echo "$line" | tee -a "$results"
}
run tt enqueue-serial tt_serial "$n"
run hangfire enqueue-serial hf_serial "$hn"
run tt enqueue-bulk tt_bulk "$n"
run hangfire enqueue-bulk hf_bulk "$hn"
run tt drain tt_drain10 "$n" --concurrency 10
run hangfire drain hf_drain10 "$hn" --concurrency 10
run tt drain tt_drain50 "$n" --concurrency 50
run hangfire drain hf_drain50 "$hn" --concurrency 50
run tt scheduled tt_scheduled 1000 --delay-ms 2000

if command -v redis-server > /dev/null; then
  dotnet build bench/TypedTasks.Throughput -c Release -o "$work/redis-bin" > "$work/redis-build.log" 2>&1 || { tail -30 "$work/redis-build.log"; exit 1; }
  rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
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
print("| Phase | TypedTasks on PostgreSQL jobs/s | Hangfire on PostgreSQL jobs/s | TypedTasks / Hangfire |" + (" TypedTasks on Redis jobs/s |" if redis else ""))
print("| --- | ---: | ---: | ---: |" + (" ---: |" if redis else ""))
for label, phase, c in [("enqueue, one caller", "enqueue-serial", None), ("enqueue, bulk", "enqueue-bulk", None),
                        ("drain, 10 workers", "drain", 10), ("drain, 50 workers", "drain", 50)]:
    t, h = rate("tt", phase, c), rate("hangfire", phase, c)
    print(f"| {label} | {t:,.0f} | {h:,.0f} | {t / h:.1f}x |" + (f" {rate('redis', phase, c):,.0f} |" if redis else ""))
s = next(r for r in rows if r["phase"] == "scheduled")
print(f"\nScheduled lateness (TypedTasks, {s['jobs']} jobs due 2 s after enqueue, spread over 1 s): "
      f"p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms, max {s['max_ms']:.1f} ms")
PY
