#!/usr/bin/env bash
# Evidence ingest over HTTP against the disk's own limit, measured in the same run.
#   reference: dd if=FILE of=SAME_DISK bs=1M conv=fsync   (what the disk can take)
#   giai:      curl -T FILE  PUT /api/v1/evidence/{id}/content (hash + encrypt + write + fsync)
# Prints both throughputs, their ratio (goal >= 0.80) and the server's peak memory before and
# after the upload (goal: flat whatever the file size).
# Usage: bench/evidence_ingest_bench.sh [size_mib]   (default 1024)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
giai="$root/build/release/src/cli/giai"
size_mib="${1:-1024}"
work="$root/build/bench-ingest"
rm -rf "$work" && mkdir -p "$work"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

head -c "$((size_mib << 20))" /dev/urandom > "$work/file.bin"
sha=$(sha256sum "$work/file.bin" | cut -d' ' -f1)

dd_start=$(date +%s.%N)
dd if="$work/file.bin" of="$work/dd.out" bs=1M conv=fsync status=none
dd_end=$(date +%s.%N)
rm -f "$work/dd.out"

"$giai" init --data "$work/data" > /dev/null
org=$("$giai" org add --data "$work/data" --name Bench --kind member | grep -o 'org_[A-Z0-9]*' | head -1)
"$giai" user add --data "$work/data" --org Bench --email bench@example.org --role documenter > /dev/null
token=$("$giai" token create --data "$work/data" --user bench@example.org | tail -1)
port=18391
"$giai" serve --data "$work/data" --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
id=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"sha256\":\"$sha\",\"file_name\":\"bench.bin\",\"acquisition\":{\"method\":\"other\"}}" \
  "http://127.0.0.1:$port/api/v1/evidence" | sed 's/.*"id":"\(evd_[A-Z0-9]*\)".*/\1/')
rss_before=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
up_start=$(date +%s.%N)
status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -T "$work/file.bin" \
  -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/evidence/$id/content")
up_end=$(date +%s.%N)
rss_after=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
[ "$status" = 200 ] || { echo "upload failed: $status $(cat "$work/answer.json")"; exit 1; }
grep -q "\"sha256\":\"$sha\"" "$work/answer.json" || { echo "wrong digest stored"; exit 1; }

awk -v mib="$size_mib" -v d0="$dd_start" -v d1="$dd_end" -v u0="$up_start" -v u1="$up_end" \
    -v r0="$rss_before" -v r1="$rss_after" 'BEGIN {
  dd = mib / (d1 - d0); up = mib / (u1 - u0);
  printf "file %d MiB\n", mib;
  printf "disk (dd conv=fsync): %7.1f MiB/s\n", dd;
  printf "giai ingest (HTTP):   %7.1f MiB/s\n", up;
  printf "ratio: %.2f (goal >= 0.80)\n", up / dd;
  printf "server peak RSS: %d KiB before, %d KiB after the upload\n", r0, r1;
}'
