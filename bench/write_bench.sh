#!/usr/bin/env bash
# HTTP write benchmark: authenticated POST /api/v1/incidents (a new incident with a sealed
# narrative and an audit event per request, each its own durable transaction) under wrk
# (2 threads, C connections), on SQLite or on a throwaway durable (fsync on) PostgreSQL 15 on
# the same machine. Prints requests/s, p99 and non-2xx responses.
#
# Usage: bench/write_bench.sh [seconds=10] [sqlite|postgresql] [connections=16]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
backend=${2:-sqlite}
connections=${3:-16}
scripts/bootstrap >/dev/null
scripts/build release >/dev/null
giai=build/release/src/cli/giai
work=$(mktemp -d)
cleanup() {
  kill "${giai_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true
  [ "$backend" = postgresql ] && scripts/postgres-test-server stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
database_args=()
if [ "$backend" = postgresql ]; then
  server=$(scripts/postgres-test-server start "$work/pg" --durable)
  port=${server##*:}; port=${port%%/*}
  /usr/lib/postgresql/15/bin/createdb -h 127.0.0.1 -p "$port" -U postgres giai_bench
  database_args=(--database "postgresql://postgres@127.0.0.1:$port/giai_bench")
fi
$giai demo --data "$work/data" "${database_args[@]}" >/dev/null
token=$($giai token create --data "$work/data" "${database_args[@]}" \
  --user documenter@org1.demo.example --label bench)
source bench/common.sh
giai_port=$(free_port)
GIAI_LOG_LEVEL=warn $giai serve --data "$work/data" "${database_args[@]}" \
  --listen "127.0.0.1:$giai_port" >/dev/null 2>"$work/giai.log" &
giai_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$giai_port/healthz" >/dev/null && break; sleep 0.1; done

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"title":"Benchmark incident (FICTIONAL)","date":"1999-03/1999-06","country":"SY","narrative":"[BENCH] narrative"}'
LUA
out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" \
  "http://127.0.0.1:$giai_port/api/v1/incidents")
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p99=$(echo "$out" | awk '$1=="99%" {print $2}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
printf 'write bench: back end %s, wrk -t2 -c%s -d%ss\n' "$backend" "$connections" "$duration"
printf '%-36s %12s %10s\n' "target" "requests/s" "p99"
printf '%-36s %12s %10s  (non-2xx: %s)\n' "giai POST /incidents" "$rps" "$p99" "${non2xx:-0}"
