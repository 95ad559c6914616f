# Sourced by the bench scripts of other brokers, to show our Redis broker's figures beside theirs.
#   run_redis_phases WORK N RESULTS
# When redis-server is installed: builds bench/TypedTasks.Throughput into WORK/redis-bin, starts a redis-server of its
# own (free loopback port, no persistence, dir WORK; its PID in redis_pid, for the caller's exit trap to stop), and runs
# enqueue-serial, enqueue-bulk and drain at 10 and 50 workers with N jobs each (a tenth as many first, untimed), each on
# a flushed database, appending one JSON line a phase to RESULTS with system "redis". Does nothing without redis-server.
source "$(dirname "${BASH_SOURCE[0]}")/free-port.sh"
redis_pid=""

run_redis_phases() {
  local work="$1" n="$2" results="$3"
  command -v redis-server > /dev/null || return 0
  dotnet build bench/TypedTasks.Throughput -c Release -o "$work/redis-bin" > "$work/redis-build.log" 2>&1 || { tail -30 "$work/redis-build.log"; exit 1; }
  local port
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.1; done
  redis_phase "$work" "$n" "$results" "$port" enqueue-serial
  redis_phase "$work" "$n" "$results" "$port" enqueue-bulk
  redis_phase "$work" "$n" "$results" "$port" drain --concurrency 10
  redis_phase "$work" "$n" "$results" "$port" drain --concurrency 50
}

redis_phase() {  # redis_phase WORK N RESULTS PORT PHASE [ARGS...]: a flushed database (prefilled for drain), then the phase
  local work="$1" n="$2" results="$3" port="$4" phase="$5"; shift 5
  local bench="$work/redis-bin/TypedTasks.Throughput.dll" line
  redis-cli -p "$port" flushall > /dev/null
  [ "$phase" = drain ] && dotnet "$bench" prefill --redis "127.0.0.1:$port" --count "$n" --warmup $(( n / 10 )) > /dev/null
  line=$(dotnet "$bench" "$phase" --redis "127.0.0.1:$port" --count "$n" --warmup $(( n / 10 )) "$@" \
    | grep '^RESULT ' | cut -c8-) || { echo "bench: redis $phase failed" >&2; exit 1; }
  line=$(echo "$line" | python3 -c 'import json,sys; r=json.load(sys.stdin); r["system"]="redis"; r["phase"]=sys.argv[1]; r["jobs_per_s"]=round(r["jobs"]/r["seconds"]); print(json.dumps(r))' "$phase")
  echo "$line" | tee -a "$results"
}
