#!/usr/bin/env bash
# User-space instructions per request of the HTTP read path, counted by valgrind's callgrind:
# authenticated GET of one incident and of the filtered list of http_bench.sh, on the same demo
# data x100. Unlike requests/s, the count does not depend on what else the machine is doing, so
# two commits can be compared on a busy machine (the engineers share 2 cores).
#
# Usage: bench/request_cost.sh [requests=1000] [scale=100]
#   Prints instructions per request for each target. The profiles are left in $GIAI_COST_OUT
#   (default: a temporary directory, removed) for `callgrind_annotate --inclusive=yes FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-1000}
scale=${2:-100}
source bench/common.sh
bench_prepare "$scale"
work=$(mktemp -d)
out=${GIAI_COST_OUT:-$work}
mkdir -p "$out"
cleanup() {
  kill "${giai_pid:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(free_port)
token=$($giai token create --data "$data" --user documenter@org1.demo.example --label bench)
# Instrumentation starts switched off: start-up (migrations, key unwrapping) is not counted.
GIAI_LOG_LEVEL=warn valgrind --tool=callgrind --instr-atstart=no \
  --callgrind-out-file="$out/request_cost.out" \
  $giai serve --data "$data" --listen "127.0.0.1:$port" >/dev/null 2>"$work/valgrind.log" &
giai_pid=$!
wait_healthy "$port" 300

auth="Bearer $token"
bench_paths "$port" "$auth"
one=$one_path
list=$list_path

# N sequential GETs on one keep-alive connection; every answer must be 200.
send() {  # path count
  python3 - "$port" "$1" "$auth" "$2" <<'PY'
import http.client, sys
port, path, auth, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(count):
    c.request("GET", path, headers={"Authorization": auth})
    r = c.getresponse()
    r.read()
    if r.status != 200:
        sys.exit(f"{path}: HTTP {r.status}")
PY
}

measure() {  # name path -> instructions per request
  send "$2" 200  # warm caches and prepared statements, uncounted
  callgrind_control -i on "$giai_pid" >/dev/null 2>&1
  send "$2" "$requests"
  callgrind_control -d "$1" "$giai_pid" >/dev/null 2>&1
  callgrind_control -i off "$giai_pid" >/dev/null 2>&1
  local file total
  file=$(ls -t "$out"/request_cost.out.* | head -1)
  total=$(awk '/^totals:/ {print $2}' "$file")
  printf '%-34s %12s instructions/request  (%s)\n' "$1" \
    "$(python3 -c "print(f'{$total / $requests:,.0f}')")" "$file"
}

echo "user-space instructions per request (callgrind; $requests requests each; data x$scale)"
measure "giai GET /incidents/{id}" "$one"
measure "giai GET /incidents?filters" "$list"
