#!/usr/bin/env bash
# The throughput benchmark in one command: starts a redis-server of its own on a free loopback port (no persistence),
# runs redis-benchmark as the physical reference, then the same phases for TypedTasks (bench/TypedTasks.Throughput, on
# the JIT runtime and, for the drains, published as NativeAOT), BullMQ (bench/bullmq) and, for the enqueue phases,
# Sidekiq (bench/sidekiq, Debian's ruby-sidekiq 6.4.1), then the sample worker as NativeAOT and on the JIT runtime, and
# prints tables: each figure with the Redis CPU per job it cost and the rate that CPU allows on one Redis core, and the
# same-run ratios the targets of issues 16 and 23 ask for.
#   bash bench/run.sh [N]          N jobs per throughput phase (default 100000); latency phases use min(N, 1000)
# Each throughput phase first runs N jobs the same way, untimed (--warmup), and each latency phase min(N, 1000)/5, on
# both systems: the figures are those of a warm process (after N/10 jobs, .NET's tiered JIT was still recompiling the
# hot path for about 1.2 s of the timed part; the TypedTasks harness prints what it compiled there). Commands, round
# trips and CPU per job are counted over all the phase's jobs, warm-up included.
# Between phases the database is flushed and CONFIG RESETSTAT zeroes the counters, so each phase's INFO shows its own
# commands (commandstats, which includes commands run inside Lua scripts) and round trips (total_reads_processed:
# socket reads, i.e. request batches, however many commands each one pipelines).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-100000}"
small=$(( n < 1000 ? n : 1000 ))
aot_jobs=$(( n < 10000 ? n : 10000 ))
warm=$n
small_warm=$(( small / 5 ))
bulk_rounds=3
export TT_ARTIFACTS="${TT_ARTIFACTS:-/tmp/tt-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d)"
redis_pid=""
trap '[ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"' EXIT
results="$work/results.tsv"
: > "$results"

echo "bench: building (TT_ARTIFACTS=$TT_ARTIFACTS)"
dotnet build bench/TypedTasks.Throughput -c Release -o "$work/tt" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
dotnet publish samples/TypedTasks.Sample.AotWorker -c Release -r linux-x64 -o "$work/aot" > "$work/aot.log" 2>&1 || { tail -30 "$work/aot.log"; exit 1; }
dotnet build samples/TypedTasks.Sample.AotWorker -c Release -o "$work/jit" > "$work/jit.log" 2>&1 || { tail -30 "$work/jit.log"; exit 1; }
dotnet publish bench/TypedTasks.Throughput -c Release -r linux-x64 -o "$work/tt-aot" > "$work/tt-aot.log" 2>&1 || { tail -30 "$work/tt-aot.log"; exit 1; }
[ -d bench/bullmq/node_modules/bullmq ] || (cd bench/bullmq && npm install --no-audit --no-fund > "$work/npm.log" 2>&1) || { tail -30 "$work/npm.log"; exit 1; }
ruby -e 'require "sidekiq"' 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ruby-sidekiq > "$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
cli() { redis-cli -p "$port" "$@"; }
addr="127.0.0.1:$port"
echo "bench: redis-server $(redis-server --version | grep -o 'v=[0-9.]*') on $addr, N=$n, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

redis_cpu() { cli info cpu | awk -F: '/^used_cpu_(user|sys):/ { s += $2 } END { printf "%.3f", s }'; }

# counters SYSTEM PHASE RESULT-JSON [REDIS-CPU-S CLIENT-CPU-S]: appends the phase's result with the commands and
# round trips Redis counted, and the CPU seconds Redis and the client process used.
counters() {
  local commands scripts reads
  commands=$(cli info commandstats | awk -F'[=,:]' '/^cmdstat_/ && $1 !~ /cmdstat_(info|config)/ { s += $3 } END { print s + 0 }')
  scripts=$(cli info commandstats | awk -F'[=,:]' '/^cmdstat_(evalsha|eval|fcall):/ { s += $3 } END { print s + 0 }')
  reads=$(cli info stats | awk -F: '/^total_reads_processed/ { print $2 + 0 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$commands" "$scripts" "$reads" "${4:-0}" "${5:-0}" >> "$results"
}

reset() { cli flushall > /dev/null; cli config resetstat > /dev/null; }

# phase SYSTEM PHASE ARGS...: a clean database (prefilled for drain), then the phase with fresh counters.
phase() {
  local system="$1" name="$2"; shift 2
  local run
  case "$system" in
    typedtasks) run=(dotnet "$work/tt/TypedTasks.Throughput.dll") ;;
    typedtasks-aot) run=("$work/tt-aot/TypedTasks.Throughput") ;;
    bullmq) run=(node bench/bullmq/bench.mjs) ;;
    sidekiq) run=(ruby bench/sidekiq/bench.rb) ;;
  esac
  cli flushall > /dev/null
  local label="$name"
  if [ "$name" = drain ]; then
    "${run[@]}" prefill --redis "$addr" "$@" > /dev/null
    label="drain-c$(echo "$@" | grep -o -- '--concurrency [0-9]*' | cut -d' ' -f2)"
  fi
  cli config resetstat > /dev/null
  local out cpu0 cpu1 client
  cpu0=$(redis_cpu)
  out=$(/usr/bin/time -f 'CPU %U %S' -o "$work/cpu.txt" "${run[@]}" "$name" --redis "$addr" "$@" | sed -n 's/^RESULT //p')
  cpu1=$(redis_cpu)
  [ -n "$out" ] || { echo "bench: $system $name printed no result"; exit 1; }
  client=$(awk '/^CPU/ { print $2 + $3 }' "$work/cpu.txt")
  counters "$system" "$label" "$out" "$(echo "$cpu1 - $cpu0" | bc)" "$client"
  echo "bench: $system $label $out redis-cpu $(echo "$cpu1 - $cpu0" | bc) s client-cpu $client s"
}

# redis-benchmark: the most a client can get from this server and this loopback, per request shape.
reference() {
  local label="$1"; shift
  reset
  local rps cpu0 cpu1
  cpu0=$(redis_cpu)
  rps=$(redis-benchmark -p "$port" -n "$n" -t lpush --csv "$@" | awk -F'"' '/LPUSH/ { print $4 }')
  cpu1=$(redis_cpu)
  counters redis-benchmark "$label" "{\"jobs\":$n,\"rps\":$rps}" "$(echo "$cpu1 - $cpu0" | bc)"
  echo "bench: redis-benchmark $label $rps LPUSH/s"
}
reference serial -c 1
reference concurrent -c 64
reference bulk -c 1 -P 1000
# The client library's own floor for a sequential enqueue: an awaited StackExchange.Redis LPUSH loop.
phase typedtasks stackexchange-lpush --count "$n" --warmup "$warm"

# Each phase runs for TypedTasks and right after for BullMQ: this shared machine has slower spells that last minutes
# (Redis's own CPU per job for the same phase moved by 1.8x between runs), and running one system's phases all
# before the other's let such a spell fall on one side of a ratio only.
# Sidekiq joins the enqueue phases (its own worker is not run: BullMQ is the drain peer), and the NativeAOT build of
# the TypedTasks harness the drains.
both() { phase typedtasks "$@"; phase bullmq "$@"; }
enqueue() { both "$@"; phase sidekiq "$@"; }
drain() { phase typedtasks "$@"; phase typedtasks-aot "$@"; phase bullmq "$@"; }
enqueue enqueue-serial --count "$n" --warmup "$warm"
enqueue enqueue-concurrent --count "$n" --warmup "$warm"
# A bulk phase lasts about a second per system, as short as the machine's slower spells: it runs in interleaved rounds
# and the tables show each system's median round, beside every round's rate.
for _ in $(seq 1 "$bulk_rounds"); do enqueue enqueue-bulk --count "$n" --warmup "$warm"; done
drain drain --count "$n" --concurrency 10 --warmup "$warm"
drain drain --count "$n" --concurrency 50 --warmup "$warm"
both latency --count "$small" --warmup "$small_warm"
both scheduled --count "$small" --delay-ms 2000 --warmup "$small_warm"

# The sample worker (3 task kinds, default×32 + images×16) as NativeAOT and on the JIT runtime: a native client
# enqueues, then the worker runs until it has processed them and exits. /usr/bin/time gives wall time and peak RSS.
sample() {
  local runtime="$1" jobs="$2" label="$3" worker
  case "$runtime" in
    aot) worker=("$work/aot/TypedTasks.Sample.AotWorker") ;;
    jit) worker=(dotnet "$work/jit/TypedTasks.Sample.AotWorker.dll") ;;
  esac
  reset
  "$work/aot/TypedTasks.Sample.AotWorker" enqueue --redis "$addr" --count "$jobs" > /dev/null
  cli config resetstat > /dev/null
  local out first total rss wall
  out=$( { /usr/bin/time -f 'TIME %e %M' "${worker[@]}" work --redis "$addr" --exit-after "$jobs"; } 2>&1 )
  first=$(echo "$out" | sed -n 's/^first job processed \([0-9]*\) ms.*/\1/p')
  total=$(echo "$out" | sed -n 's/^processed [0-9]* jobs in \([0-9]*\) ms.*/\1/p')
  wall=$(echo "$out" | awk '/^TIME/ { print $2 }')
  rss=$(echo "$out" | awk '/^TIME/ { print $3 }')
  [ -n "$total" ] && [ -n "$rss" ] || { echo "$out"; echo "bench: the $runtime worker failed"; exit 1; }
  counters "$runtime" "$label" "{\"jobs\":$jobs,\"first_ms\":$first,\"total_ms\":$total,\"wall_s\":$wall,\"rss_kib\":$rss}"
  echo "bench: $runtime $label first job ${first} ms, $jobs jobs in ${total} ms, wall ${wall} s, peak RSS $((rss / 1024)) MiB"
}
for runtime in aot jit; do
  sample "$runtime" 1 startup
  sample "$runtime" "$aot_jobs" drain
done
printf 'size\taot\t%s\n' "$(stat -c %s "$work/aot/TypedTasks.Sample.AotWorker")" >> "$results"
printf 'size\tjit\t%s\n' "$(du -sb --exclude='*.pdb' "$work/jit" | cut -f1)" >> "$results"

python3 - "$results" "$n" <<'PY'
import json, sys
rounds = {}
sizes = {}
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if f[0] == "size":
        sizes[f[1]] = int(f[2])
        continue
    system, phase, result, commands, scripts, reads, redis_cpu, client_cpu = f
    r = json.loads(result)
    r.update(commands=int(commands), scripts=int(scripts), reads=int(reads), redis_cpu=float(redis_cpu), client_cpu=float(client_cpu))
    rounds.setdefault((system, phase), []).append(r)
n = sys.argv[2]

def round_rate(r):
    return r["rps"] if "rps" in r else r["jobs"] / r["seconds"]

# A phase run in several rounds counts as its median round (by rate).
rows = {key: rs[0] if len(rs) == 1 else sorted(rs, key=round_rate)[len(rs) // 2] for key, rs in rounds.items()}

def rate(system, phase):
    r = rows.get((system, phase))
    return None if r is None else round_rate(r)

def all_jobs(r):
    return r["jobs"] + r.get("warmup", 0)

def per_job(system, phase, key):
    r = rows[(system, phase)]
    return r[key] / all_jobs(r)

def fmt(x, digits=0):
    return "—" if x is None else f"{x:,.{digits}f}"

def ratio(a, b):
    return None if a is None or b is None else a / b

names = {"redis-benchmark": "redis-benchmark LPUSH", "stackexchange": "StackExchange.Redis LPUSH, awaited", "typedtasks": "TypedTasks (JIT)", "typedtasks-aot": "TypedTasks (NativeAOT)",
         "bullmq": "BullMQ", "sidekiq": "Sidekiq"}
phases = [("enqueue-serial", "serial", "enqueue, one at a time (redis-benchmark -c 1)"),
          ("enqueue-concurrent", "concurrent", "enqueue, 64 in flight (redis-benchmark -c 64)"),
          ("enqueue-bulk", "bulk", "enqueue, bulk of 1000 (addBulk, push_bulk; redis-benchmark -P 1000)"),
          ("drain-c10", None, "drain, concurrency 10"), ("drain-c50", None, "drain, concurrency 50")]

print()
print(f"Throughput, N = {n} no-op jobs. Redis CPU per job from INFO cpu (warm-up jobs included); the limit is the rate that")
print("CPU allows on one Redis core (1 / Redis CPU per job); commands and round trips per job from INFO commandstats and")
print("total_reads_processed; client CPU per job from /usr/bin/time (start-up included).")
print()
print("| Phase | System | jobs/s | Redis CPU µs/job | limit jobs/s | client CPU µs/job | commands/job | round trips/job |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for phase, ref, label in phases:
    systems = ([("redis-benchmark", ref)] if ref else []) + ([("stackexchange", ref)] if ref == "serial" else []) + \
        [(s, phase) for s in ("typedtasks", "typedtasks-aot", "bullmq", "sidekiq")]
    for system, key in systems:
        r = rows.get(("typedtasks", "stackexchange-lpush") if system == "stackexchange" else (system, key))
        if r is None:
            continue
        cpu = r["redis_cpu"] / all_jobs(r) * 1e6
        client = "—" if system == "redis-benchmark" else f"{r['client_cpu'] / all_jobs(r) * 1e6:.1f}"
        shown = rate("typedtasks", "stackexchange-lpush") if system == "stackexchange" else rate(system, key)
        print(f"| {label} | {names[system]} | {fmt(shown)} | {cpu:.1f} | {fmt(1e6 / cpu if cpu > 0 else None)} | {client} | "
              f"{r['commands'] / all_jobs(r):.3f} | {r['reads'] / all_jobs(r):.3f} |")

for (system, phase), rs in rounds.items():
    if len(rs) > 1:
        print(f"{phase}, {names.get(system, system)}: rounds {', '.join(fmt(round_rate(r)) for r in rs)} jobs/s; the table shows the median")

print()
print("TypedTasks (JIT) in the timed part of each phase: process CPU per job (µs), bytes allocated per job, thread-pool work items per job, JIT (methods / ms)")
print()
print("| Phase | CPU µs/job | bytes/job | work items/job | JIT |")
print("| --- | ---: | ---: | ---: | ---: |")
for phase, ref, label in phases:
    r = rows[("typedtasks", phase)]
    print(f"| {label} | {r.get('timed_cpu_us_per_job', 0):.1f} | {r.get('timed_bytes_per_job', 0):,.0f} | {r.get('timed_work_items_per_job', 0):.2f} | "
          f"{r.get('timed_jit_methods', 0):.0f} / {r.get('timed_jit_ms', 0):.0f} |")

print()
print("| Latency (ms) | TypedTasks p50 | TypedTasks p99 | BullMQ p50 | BullMQ p99 |")
print("| --- | ---: | ---: | ---: | ---: |")
for phase, label in [("latency", "enqueue → start, idle worker"), ("scheduled", "lateness, jobs due 2 s after enqueue")]:
    t, b = rows[("typedtasks", phase)], rows[("bullmq", phase)]
    print(f"| {label} ({t['jobs']} jobs) | {t['p50_ms']:.2f} | {t['p99_ms']:.2f} | {b['p50_ms']:.2f} | {b['p99_ms']:.2f} |")

print()
print("| Sample worker | binary | first job after Main | wall time, 1 job (start to exit) | drain jobs/s | peak RSS |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for runtime, label in [("aot", "NativeAOT (net10.0)"), ("jit", "JIT (dotnet, runtime 10.0)")]:
    s, d = rows[(runtime, "startup")], rows[(runtime, "drain")]
    size = sizes[runtime] / 1048576
    print(f"| {label} | {size:.1f} MiB{' (+ shared runtime)' if runtime == 'jit' else ''} | {s['first_ms']} ms | "
          f"{s['wall_s'] * 1000:.0f} ms | {d['jobs'] / (d['total_ms'] / 1000):,.0f} ({d['jobs']} jobs) | {d['rss_kib'] / 1024:.0f} MiB |")

lateness = rows[("typedtasks", "scheduled")]["p99_ms"]
drains = [per_job("typedtasks", p, "reads") for p in ("drain-c10", "drain-c50")]
def check(name, value, target, unit="x", at_most=False):
    ok = value is not None and (value <= target if at_most else value >= target)
    shown = "—" if value is None else f"{value:.2f}{unit}"
    return (name, ok, shown)
targets = [
    check("enqueue one at a time >= 0.8x redis-benchmark -c 1 (#23)", ratio(rate("typedtasks", "enqueue-serial"), rate("redis-benchmark", "serial")), 0.8),
    check("bulk enqueue >= 1x Sidekiq push_bulk (#23)", ratio(rate("typedtasks", "enqueue-bulk"), rate("sidekiq", "enqueue-bulk")), 1),
    check("bulk enqueue >= 1x BullMQ addBulk (#16)", ratio(rate("typedtasks", "enqueue-bulk"), rate("bullmq", "enqueue-bulk")), 1),
    check("concurrent enqueue >= 1.5x BullMQ add (#16)", ratio(rate("typedtasks", "enqueue-concurrent"), rate("bullmq", "enqueue-concurrent")), 1.5),
    check("concurrent enqueue >= 1x Sidekiq perform_async, 64 threads", ratio(rate("typedtasks", "enqueue-concurrent"), rate("sidekiq", "enqueue-concurrent")), 1),
    check("drain >= 4x BullMQ at concurrency 10, JIT (#23)", ratio(rate("typedtasks", "drain-c10"), rate("bullmq", "drain-c10")), 4),
    check("drain >= 4x BullMQ at concurrency 50, JIT (#23)", ratio(rate("typedtasks", "drain-c50"), rate("bullmq", "drain-c50")), 4),
    check("drain >= 4x BullMQ at concurrency 10, NativeAOT (#23)", ratio(rate("typedtasks-aot", "drain-c10"), rate("bullmq", "drain-c10")), 4),
    check("drain >= 4x BullMQ at concurrency 50, NativeAOT (#23)", ratio(rate("typedtasks-aot", "drain-c50"), rate("bullmq", "drain-c50")), 4),
    check("scheduled lateness p99 <= 10 ms", lateness, 10, " ms", at_most=True),
    check("processing <= 1 round trip per job (c10, c50: the larger)", max(drains), 1, "", at_most=True),
]
print()
for name, ok, value in targets:
    print(f"target {'met   ' if ok else 'MISSED'} {name}: {value}")
floor = ratio(rate("typedtasks", "enqueue-serial"), rate("typedtasks", "stackexchange-lpush"))
print(f"note: enqueue one at a time / StackExchange.Redis's own awaited LPUSH loop: {fmt(floor, 2)}x; "
      f"that loop / redis-benchmark -c 1: {fmt(ratio(rate('typedtasks', 'stackexchange-lpush'), rate('redis-benchmark', 'serial')), 2)}x")
PY
