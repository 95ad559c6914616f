#!/usr/bin/env bash
# Runs every test of the solution and prints one line "N passed, N failed[, N skipped]" computed from the TRX results.
# Exits non-zero when a test failed, when the run broke, or when no test ran.
# Installs what the tests need when it is missing (redis-server, postgresql-15, python3-msgpack and chromium from apt, the npm
# conformance peer).
# The Redis Cluster and Sentinel fixtures run the same redis-server binary (sentinel: redis-server CONF --sentinel) and
# redis-cli from redis-tools, which redis-server depends on.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql-15)
[ -x /usr/sbin/nats-server ] || need_apt+=(nats-server)   # the NATS fixtures run /usr/sbin/nats-server -js
command -v redis-cli >/dev/null 2>&1 || need_apt+=(redis-tools)
/usr/bin/python3 -c 'import msgpack' >/dev/null 2>&1 || need_apt+=(python3-msgpack)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)   # the dashboard's browser tests drive Debian's chromium
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need_apt[*]} ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null; }
  else
    echo "missing ${need_apt[*]}: run 'sudo apt-get install -y ${need_apt[*]}' first" >&2
    exit 2
  fi
fi
for lock in $(find tests -name package-lock.json -not -path '*/node_modules/*'); do
  dir="$(dirname "$lock")"
  if [ ! -d "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $dir" >&2; exit 2; }
  fi
done

results="$root/TestResults"
rm -rf "$results"
dotnet test TypedTasks.sln -c Release --logger "trx;LogFilePrefix=tt" --results-directory "$results" "$@"
test_rc=$?

/usr/bin/python3 "$root/eng/trx-summary.py" "$results"
summary_rc=$?
if [ $test_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  exit 1
fi
