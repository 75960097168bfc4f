# Shared by the HTTP benchmark scripts (sourced, from the repository root): installs and builds,
# and prepares the cached demo data set scaled x$1.
#   bench_prepare SCALE   sets $giai (the release binary) and $data (the cached data directory)
#   free_port             prints a free loopback TCP port
bench_prepare() {
  scripts/bootstrap
  scripts/build release >/dev/null
  giai=build/release/src/cli/giai
  data=build/bench-data-x$1
  if [ ! -f "$data/giai.db" ]; then
    echo "generating demo data x$1 (once; cached in $data)..."
    rm -rf "$data"
    $giai demo --data "$data" --scale "$1" | head -1
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until giai answers /healthz on 127.0.0.1:$1 (at most $2 tries, 0.2 s apart).
wait_healthy() {
  for _ in $(seq "$2"); do
    curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# The two reads the HTTP benchmarks measure, as paths: $one_path (one incident of the caller's)
# and $list_path (a filtered page). Arguments: port, "Authorization" header value.
bench_paths() {
  local incident
  incident=$(curl -sf -H "Authorization: $2" "http://127.0.0.1:$1/api/v1/incidents?limit=1" |
             python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  one_path="/api/v1/incidents/$incident"
  list_path="/api/v1/incidents?country=SY&crime=ICC-7-1-g-1&from=2014-01-01&to=2018-12-31&limit=20"
}
