#!/usr/bin/env bash
# Crash safety of the evidence vault and the ledger: kill the server with SIGKILL at random
# moments while several clients upload concurrently (each upload appends to the ledger), then,
# with the server dead, check with `giai fsck` that every original re-hashes, every ledger leaf
# and node is intact, the last checkpoint verifies and every older checkpoint is consistent with
# it; restart and check that every upload the server acknowledged is present with its hash.
# Usage: evidence_crash_test.sh GIAI_BINARY [ROUNDS]   (ROUNDS default 200; the benchmark 1000)
# The seed is printed; GIAI_CRASH_SEED=<n> replays a run.
set -uo pipefail
giai="$1"
rounds="${2:-200}"
seed="${GIAI_CRASH_SEED:-$RANDOM}"
RANDOM=$seed
echo "evidence crash test: $rounds rounds, seed $seed"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
  jobs -p | xargs -r kill 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL (seed $seed, round $round): $*"; exit 1; }

data="$work/data"
"$giai" init --data "$data" > /dev/null || fail "init"
"$giai" org add --data "$data" --name Crash --kind member > /dev/null
"$giai" user add --data "$data" --org Crash --email crash@example.org --role documenter > /dev/null
token=$("$giai" token create --data "$data" --user crash@example.org | tail -1)
port=$((20000 + RANDOM % 20000))
acked="$work/acked"
: > "$acked"

start_server() {
  "$giai" serve --data "$data" --listen "127.0.0.1:$port" >> "$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && return 0
    sleep 0.05
  done
  fail "server did not start"
}

# One client: uploads files until the server dies; records what was acknowledged.
client() {
  local n=0
  while :; do
    n=$((n + 1))
    local f="$work/c$1-$n.bin"
    head -c $((1000 + RANDOM * 4)) /dev/urandom > "$f"
    local sha
    sha=$(sha256sum "$f" | cut -d' ' -f1)
    local reg
    reg=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"sha256\":\"$sha\",\"file_name\":\"f.bin\",\"acquisition\":{\"method\":\"other\"}}" \
      "http://127.0.0.1:$port/api/v1/evidence") || { rm -f "$f"; return; }
    local id=${reg#*\"id\":\"}
    id=${id%%\"*}
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -T "$f" -H "Authorization: Bearer $token" \
      "http://127.0.0.1:$port/api/v1/evidence/$id/content")
    rm -f "$f"
    [ "$code" = 200 ] && echo "$id $sha" >> "$acked"
    [ "$code" = 000 ] && return
  done
}

for round in $(seq "$rounds"); do
  start_server
  for c in 1 2 3; do client "$c" & done
  sleep "0.$((RANDOM % 40 + 5))"
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null
  server_pid=""
  wait
  out=$("$giai" fsck --data "$data" 2>&1) || fail "fsck: $out"
done

# Every acknowledged upload survived every crash, with its hash.
start_server
count=0
while read -r id sha; do
  item=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/evidence/$id") ||
    fail "acknowledged $id is missing"
  case "$item" in
    *"\"status\":\"stored\""*"\"sha256\":\"$sha\""* | *"\"sha256\":\"$sha\""*"\"status\":\"stored\""*) ;;
    *) fail "acknowledged $id is not stored with its hash: $item" ;;
  esac
  count=$((count + 1))
done < "$acked"
[ "$count" -gt 0 ] || fail "no upload was ever acknowledged"
echo "ok: $rounds crashes, $count acknowledged uploads all present and verified"
