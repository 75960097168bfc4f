#!/usr/bin/env bash
# HTTP read benchmark (issue "Foundation"): authenticated GET of one incident and of a filtered
# list on the demo data scaled x100, under wrk (2 threads, 50 connections), next to nginx serving
# files of the same sizes as the two answers, on the same machine in the same run. Prints
# requests/s and p99 latency of each, and giai's ratios to nginx.
#
# Usage: bench/http_bench.sh [seconds=10] [scale=100] [sqlite|postgresql]
#   postgresql: the cached demo data is copied with `giai migrate` into a throwaway, durable
#   (fsync on) PostgreSQL 15 on this machine, and giai serves it with --database.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
scale=${2:-100}
backend=${3:-sqlite}
source bench/common.sh
bench_prepare "$scale"
work=$(mktemp -d)
cleanup() {
  kill "${giai_pid:-}" "${nginx_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true
  [ "$backend" = postgresql ] && scripts/postgres-test-server stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
database_args=()
if [ "$backend" = postgresql ]; then
  server=$(scripts/postgres-test-server start "$work/pg" --durable)
  port=${server##*:}; port=${port%%/*}
  /usr/lib/postgresql/15/bin/createdb -h 127.0.0.1 -p "$port" -U postgres giai_bench
  url="postgresql://postgres@127.0.0.1:$port/giai_bench"
  cp -r "$data" "$work/data"
  $giai migrate --from "sqlite:$work/data" --to "$url" | tail -1
  rm "$work/data/giai.db"
  data="$work/data"
  database_args=(--database "$url")
fi

giai_port=$(free_port)
token=$($giai token create --data "$data" "${database_args[@]}" --user documenter@org1.demo.example --label bench)
GIAI_THREADS=${GIAI_THREADS:-4} GIAI_LOG_LEVEL=warn $giai serve --data "$data" "${database_args[@]}" --listen "127.0.0.1:$giai_port" >/dev/null 2>"$work/giai.log" &
giai_pid=$!
wait_healthy "$giai_port" 25

auth="Authorization: Bearer $token"
bench_paths "$giai_port" "Bearer $token"
one="http://127.0.0.1:$giai_port$one_path"
list="http://127.0.0.1:$giai_port$list_path"
size=$(curl -sf -H "$auth" "$one" | wc -c)
list_size=$(curl -sf -H "$auth" "$list" | wc -c)

# nginx serving files of the same sizes as the two answers, with the same keep-alive behaviour.
nginx_port=$(free_port)
mkdir -p "$work/www" "$work/tmp"
head -c "$size" /dev/zero | tr '\0' 'x' > "$work/www/incident.json"
head -c "$list_size" /dev/zero | tr '\0' 'x' > "$work/www/list.json"
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nginx_port/incident.json" >/dev/null && break; sleep 0.1; done

run() {  # name url [header]
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t2 -c50 -d"${duration}s" --latency -H "$3" "$2")
  else
    out=$(wrk -t2 -c50 -d"${duration}s" --latency "$2")
  fi
  local rps p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$1 $rps $p99 ${non2xx:-0}"
}
to_ms() { python3 -c "import sys; v=sys.argv[1]; print(float(v[:-2])/1000 if v.endswith('us') else float(v[:-2]) if v.endswith('ms') else float(v[:-1])*1000)" "$1"; }

echo "response sizes: incident $size bytes, list $list_size bytes; wrk -t2 -c50 -d${duration}s; data x$scale; back end $backend"
read -r _ n_rps n_p99 _ < <(run nginx "http://127.0.0.1:$nginx_port/incident.json")
read -r _ o_rps o_p99 o_err < <(run giai-incident "$one" "$auth")
read -r _ nl_rps nl_p99 _ < <(run nginx-list "http://127.0.0.1:$nginx_port/list.json")
read -r _ l_rps l_p99 l_err < <(run giai-list "$list" "$auth")
printf '%-32s %12s %10s\n' "target" "requests/s" "p99"
printf '%-32s %12s %10s\n' "nginx, file of the incident's size" "$n_rps" "$n_p99"
printf '%-32s %12s %10s  (non-2xx: %s)\n' "giai GET /incidents/{id}" "$o_rps" "$o_p99" "$o_err"
printf '%-32s %12s %10s\n' "nginx, file of the list's size" "$nl_rps" "$nl_p99"
printf '%-32s %12s %10s  (non-2xx: %s)\n' "giai GET /incidents?filters" "$l_rps" "$l_p99" "$l_err"
python3 - "$n_rps" "$o_rps" "$nl_rps" "$l_rps" "$(to_ms "$n_p99")" "$(to_ms "$o_p99")" \
  "$(to_ms "$nl_p99")" "$(to_ms "$l_p99")" <<'PY'
import sys
n, o, nl, l, np99, op99, nlp99, lp99 = map(float, sys.argv[1:])
print(f"ratios to nginx (same size): incident {o/n:.2f}x req/s, p99 {op99/np99:.2f}x; "
      f"list {l/nl:.2f}x req/s, p99 {lp99/nlp99:.2f}x  (goal: >= 0.50x req/s, <= 2x p99)")
print(f"list against the incident-sized file: {l/n:.2f}x req/s, p99 {lp99/np99:.2f}x")
PY
