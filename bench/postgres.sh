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
source bench/lib/redis-beside.sh
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
port=$(free_port)
pg_opts="-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
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

run_redis_phases "$work" "$n" "$results"

python3 - "$results" <<'PY'
import sys
sys.path.insert(0, "bench/lib")
from results import Results
results = Results(sys.argv[1])
redis = results.has("redis")
def cells(phase, workers):
    tt, hangfire = results.rate("tt", phase, workers), results.rate("hangfire", phase, workers)
    row = [f"{tt:,.0f}", f"{hangfire:,.0f}", f"{tt / hangfire:.1f}x"]
    return row + ([f"{results.rate('redis', phase, workers):,.0f}"] if redis else [])
results.print_table(["TypedTasks on PostgreSQL jobs/s", "Hangfire on PostgreSQL jobs/s", "TypedTasks / Hangfire"]
                    + (["TypedTasks on Redis jobs/s"] if redis else []), cells)
print(results.lateness("TypedTasks"))
PY
