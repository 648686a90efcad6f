#!/usr/bin/env bash
# Starts a built nimbus on a free port with a throw-away data dir, runs Playwright against it — or, when given
# arguments, that command with BASE_URL set (e.g. `run.sh compat/cs_client.sh`) — then stops it with SIGTERM and
# checks it shut down cleanly. Prints the time from process start to the first answer. NIMBUS_E2E_DATABASE tells the
# tests where the server's SQLite file is (08-load copies VM rows into it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="${CARGO_TARGET_DIR:-$root/target}/debug/nimbus"
[ -x "$bin" ] || { echo "run.sh: $bin is missing; run 'make build' first" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
data=$(mktemp -d)
log="$data/nimbus.log"
cleanup() {
  if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

start=$(date +%s%N)
"$bin" --listen "127.0.0.1:$port" --data-dir "$data" --site-dir "$root/target/site" --log warn,server=info >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/"; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "run.sh: nimbus exited during startup" >&2; exit 1; }
  sleep 0.05
done
ready=$(date +%s%N)
echo "nimbus answered $(( (ready - start) / 1000000 )) ms after start (fresh SQLite, debug build)"

cd "$here"
status=0
if [ "$#" -gt 0 ]; then
  BASE_URL="http://127.0.0.1:$port" NIMBUS_E2E_DATABASE="$data/nimbus.db" "$@" || status=$?
else
  [ -d node_modules/@playwright/test ] || npm ci --no-audit --no-fund
  BASE_URL="http://127.0.0.1:$port" NIMBUS_E2E_DATABASE="$data/nimbus.db" npx playwright test || status=$?
fi

kill -TERM "$pid"
if ! wait "$pid"; then
  echo "run.sh: nimbus did not exit cleanly on SIGTERM" >&2
  cat "$log"
  status=1
fi
pid=
exit "$status"
