#!/usr/bin/env bash
# Load with live updates (issue 24): wrk drives searches (pages and API, with and
# without `beds=free`) and program pages while bed registries update beds free through
# `PUT /api/v1/programs/{id}/availability` several times a second (one token per
# respite, within each program's 30 a minute). Prints wrk's requests and statuses and
# the updates' statuses.
#
#   benches/live-load.sh [DURATION_S] [CONNECTIONS]
#
# Passes (exit 0) only with 0 socket errors, only 200s from wrk, and every update 200.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-30}
CONNECTIONS=${2:-64}
PORT=${PEERWAY_LOAD_PORT:-18491}
BIN="${CARGO_TARGET_DIR:-target}/release/peerway"
WORK=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || cargo build --release
"$BIN" build --index "$WORK/index" >/dev/null

"$BIN" serve --index "$WORK/index" --data "$WORK/data" --addr "127.0.0.1:$PORT" --rate-limit 0 --trusted-proxy 127.0.0.1 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

# Ten respites, each with its own bed registry token.
curl -s "http://127.0.0.1:$PORT/api/v1/search?kind=peer_respite&per_page=10" \
  | python3 -c 'import json,sys; print("\n".join(h["id"] for h in json.load(sys.stdin)["hits"]))' > "$WORK/ids.txt"
while read -r id; do
  echo "$id $("$BIN" --index "$WORK/index" --data "$WORK/data" operators token --program "$id" 2>/dev/null)"
done < "$WORK/ids.txt" > "$WORK/tokens.txt"

cat > "$WORK/mix.lua" <<LUA
local paths = {"/search?q=respite&near=01060", "/search?beds=free", "/api/v1/search?beds=free",
  "/api/v1/search?q=respite&kind=peer_respite", "/search?q=warmline+oregon", "/"}
for line in io.lines("$WORK/ids.txt") do paths[#paths + 1] = "/programs/" .. line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
local i = 0
statuses = {}
function init(args) i = math.random(#paths) end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do all[status] = (all[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(all) do parts[#parts + 1] = status .. "=" .. n end
  table.sort(parts)
  io.write(string.format("RESULT requests=%d req/s=%.0f p50=%.2fms p99=%.2fms socket_errors=%d statuses=%s\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ",")))
end
LUA

# Updates: one program every 0.25 s in turn (each program every 2.5 s: 24 a minute).
( end=$((SECONDS + DURATION)); n=0
  while [ $SECONDS -lt $end ]; do
    while read -r id token; do
      n=$((n + 1))
      curl -s -o /dev/null -w "%{http_code}\n" -X PUT "http://127.0.0.1:$PORT/api/v1/programs/$id/availability" \
        -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
        -d "{\"beds_free\": $((n % 5)), \"beds_total\": 5, \"accepting_guests\": true}"
      sleep 0.25
      [ $SECONDS -lt $end ] || break
    done < "$WORK/tokens.txt"
  done ) > "$WORK/updates.txt" &
UPDATES=$!
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$WORK/mix.lua" "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt" | grep RESULT
wait $UPDATES
echo "updates: $(sort "$WORK/updates.txt" | uniq -c | tr '\n' ' ')"
RESULT=$(grep RESULT "$WORK/wrk.txt")
echo "$RESULT" | grep -q "socket_errors=0 " || { echo "FAIL: socket errors"; exit 1; }
echo "$RESULT" | grep -Eq "statuses=200=[0-9]+$" || { echo "FAIL: a search answered other than 200"; exit 1; }
[ "$(sort -u "$WORK/updates.txt")" = "200" ] || { echo "FAIL: an update answered other than 200"; exit 1; }
echo "PASS"
