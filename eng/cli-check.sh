#!/usr/bin/env bash
# Packs the typedtasks tool, installs it from a local folder feed into a tool path (as `dotnet tool install` does for
# a user), and runs `typedtasks --help` and `typedtasks queues --redis ...` against a redis-server it starts on a free
# loopback port in a temp dir and stops by PID.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
redis_pid=""
cleanup() { if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; fi; rm -rf "$work"; }
trap cleanup EXIT
version="0.1.0-check.$(date +%s)"   # a fresh version, so the NuGet cache never serves an older build

dotnet pack "$root/tools/TypedTasks.Cli" -c Release -o "$work/feed" -p:Version="$version" > "$work/pack.log" 2>&1 || { cat "$work/pack.log"; echo "cli: dotnet pack failed"; exit 1; }
dotnet tool install TypedTasks.Cli --version "$version" --add-source "$work/feed" --tool-path "$work/tools" > "$work/install.log" 2>&1 || { cat "$work/install.log"; echo "cli: dotnet tool install failed"; exit 1; }
typedtasks="$work/tools/typedtasks"

help="$("$typedtasks" --help)" || { echo "$help"; echo "cli: typedtasks --help failed"; exit 1; }
grep -q "Usage:" <<< "$help" && grep -q "queues" <<< "$help" || { echo "$help"; echo "cli: --help does not list the commands"; exit 1; }

port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis-server --bind 127.0.0.1 --port "$port" --dir "$work" --save "" --daemonize no --logfile "$work/redis.log" &
redis_pid=$!
for _ in $(seq 100); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

output="$("$typedtasks" queues --redis "127.0.0.1:$port")" || { echo "$output"; echo "cli: typedtasks queues failed"; exit 1; }
grep -q "No queues." <<< "$output" || { echo "$output"; echo "cli: typedtasks queues printed something unexpected"; exit 1; }
json="$("$typedtasks" queues --json --redis "127.0.0.1:$port")" || { echo "$json"; echo "cli: typedtasks queues --json failed"; exit 1; }
[ "$(tr -d '[:space:]' <<< "$json")" = "[]" ] || { echo "$json"; echo "cli: typedtasks queues --json is not an empty array"; exit 1; }
echo "cli: typedtasks $version installed from a local feed; --help and queues --redis ran"
