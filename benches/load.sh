#!/usr/bin/env bash
# HTTP load test: starts `peerway serve` on an index, drives a fixed query mix with
# wrk (Debian) and prints req/s, p50, p99, p99.9, the time until the server answers,
# and its peak RSS. Runs, each DURATION_S long:
#   1. floor       the app's static stylesheet route (the HTTP floor), CONNECTIONS at once;
#   2. answers     the search mix with the answer cache on (the default), CONNECTIONS at once;
#   3. engine      the search mix with `--response-cache 0` (every search runs), CONNECTIONS at once;
#   4. engine, c=1 the same, one request at a time: the latency one person sees
#                  when nobody queues ahead of them.
#
#   benches/load.sh [INDEX_DIR] [DURATION_S] [CONNECTIONS]
#
# Loopback only. The rate limit does not apply to searches; the report form is not driven.
set -euo pipefail
cd "$(dirname "$0")/.."

INDEX=${1:-index}
DURATION=${2:-30}
CONNECTIONS=${3:-32}
PORT=${PEERWAY_LOAD_PORT:-18480}
BIN=target/release/peerway
LOG=$(mktemp)

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || cargo build --release
[ -f "$INDEX/CURRENT" ] || "$BIN" build --index "$INDEX"

SERVER=
stop_server() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; SERVER=; }
trap stop_server EXIT

# Start the server with extra flags; READY_MS = how many ms until /healthz answered.
start_server() {
  stop_server
  local started
  started=$(date +%s%N)
  "$BIN" serve --index "$INDEX" --addr "127.0.0.1:$PORT" --allow-synthetic --rate-limit 0 "$@" >"$LOG" 2>&1 &
  SERVER=$!
  for _ in $(seq 3000); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.005
  done
  READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}
# The query mix: the public evaluation queries, plus geo and facet variants.
MIX=$(mktemp)
{
  grep -v '^#' tests/eval/queries.tsv | awk -F'\t' 'NF>=3 {print $3"\t"$4}'
  printf 'respite\t01060\n\t80202\nwarmline\tOregon\ncrisis team\tChicago, IL\n\tGA\n'
} | python3 -c '
import sys, urllib.parse
paths = []
for line in sys.stdin:
    q, near = (line.rstrip("\n").split("\t") + [""])[:2]
    params = {k: v for k, v in (("q", q), ("near", near)) if v}
    paths.append("/api/v1/search?" + urllib.parse.urlencode(params))
    paths.append("/api/v1/search?" + urllib.parse.urlencode(dict(params, kind="peer_respite")))
for p in paths:
    print(p)
' > "$MIX"

LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<LUA
local paths = {}
for line in io.lines("$MIX") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT req/s=%.0f p50=%.2fms p99=%.2fms p99.9=%.2fms errors=%d non2xx=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
LUA

STATIC_LUA=$(mktemp --suffix=.lua)
sed 's|return wrk.format("GET", paths\[i\])|return wrk.format("GET", "/static/site.css")|' "$LUA" > "$STATIC_LUA"

start_server
echo "index: $INDEX ($(curl -s "http://127.0.0.1:$PORT/healthz"))"
echo "serve ready after: ${READY_MS} ms (process start to first /healthz answer)"
echo "floor (static route, c=$CONNECTIONS):"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$STATIC_LUA" "http://127.0.0.1:$PORT" | grep RESULT
echo "answers (search mix, answer cache on, c=$CONNECTIONS; $(wc -l < "$MIX") queries):"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep RESULT
echo "results page bytes: $(curl -s "http://127.0.0.1:$PORT/search?q=crisis" | wc -c)"

start_server --response-cache 0
echo "engine (search mix, --response-cache 0, c=$CONNECTIONS):"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep RESULT
echo "engine, one at a time (--response-cache 0, c=1):"
wrk -t1 -c1 -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep RESULT
echo "server peak RSS (engine runs): $(grep VmHWM /proc/$SERVER/status | awk '{print $2/1024 " MB"}')"
stop_server
rm -f "$MIX" "$LUA" "$STATIC_LUA" "$LOG"
