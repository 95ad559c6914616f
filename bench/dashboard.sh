#!/usr/bin/env bash
# The dashboard's page render benchmark on both brokers: in memory, then on a redis-server of its own (free loopback
# port, temp dir, no persistence), stopped by PID at the end.
#   bash bench/dashboard.sh [--pending 100000] [--dead 10000] [--requests 200]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d)"
redis_pid=""
trap '[ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"' EXIT

dotnet build bench/TypedTasks.DashboardBench -c Release -o "$work/bin" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
dotnet "$work/bin/TypedTasks.DashboardBench.dll" "$@"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no --daemonize no > "$work/redis.log" 2>&1 &
redis_pid=$!
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
dotnet "$work/bin/TypedTasks.DashboardBench.dll" --redis "127.0.0.1:$port" "$@"
