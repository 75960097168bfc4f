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
