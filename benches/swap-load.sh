#!/usr/bin/env bash
# Load during a live index swap (issue 10): 200 concurrent clients for 60 s (wrk)
# on a mix of searches (pages and API), program pages and exports, rate limit off;
# half-way a new index generation is built and the running server swaps to it.
# Prints requests, every status seen, socket errors, the generations before and
# after, and the server's RSS sampled each second (first, max, last).
#
#   benches/swap-load.sh [INDEX_DIR] [DURATION_S] [CONNECTIONS]
#
# Passes (exit 0) only with 0 socket errors and 0 responses other than 2xx.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${2:-60}
CONNECTIONS=${3:-200}
PORT=${PEERWAY_LOAD_PORT:-18490}
BIN=target/release/peerway
WORK=$(mktemp -d)
INDEX=${1:-$WORK/index}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || cargo build --release
[ -f "$INDEX/CURRENT" ] || "$BIN" build --index "$INDEX" >/dev/null

# wrk's 200 connections come from one address, as a reverse proxy's would: trust it.
"$BIN" serve --index "$INDEX" --data "$WORK/data" --addr "127.0.0.1:$PORT" --allow-synthetic --rate-limit 0 --trusted-proxy 127.0.0.1 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
generation() { curl -s "http://127.0.0.1:$PORT/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])'; }
BEFORE=$(generation)

# The mix: searches as pages and API calls, program pages, exports.
curl -s "http://127.0.0.1:$PORT/api/v1/search?per_page=50" | python3 -c '
import json, sys, urllib.parse
ids = [h["id"] for h in json.load(sys.stdin)["hits"]]
queries = ["respite", "warmline oregon", "crisis team chicago", "what are the alternatives to hospitalizing people", ""]
paths = []
for q in queries:
    paths.append("/search?" + urllib.parse.urlencode({"q": q, "near": "01060"}))
    paths.append("/api/v1/search?" + urllib.parse.urlencode({"q": q, "kind": "peer_respite"}))
paths += ["/programs/" + i for i in ids[:20]]
paths += ["/export.csv?q=respite", "/export.geojson?state=MA", "/export.json?kind=warmline", "/states", "/"]
print("\n".join(paths))
' > "$WORK/mix.txt"

cat > "$WORK/mix.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/mix.txt") do paths[#paths + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
local i = 0
statuses = {}
function init(args) i = math.random(#paths) end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do all[status] = (all[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(all) do parts[#parts + 1] = status .. "=" .. n end
  table.sort(parts)
  io.write(string.format("RESULT requests=%d req/s=%.0f p50=%.2fms p99=%.2fms p99.9=%.2fms socket_errors=%d statuses=%s\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ",")))
end
LUA

( while kill -0 "$SERVER" 2>/dev/null; do grep VmRSS /proc/$SERVER/status | awk '{print $2}'; sleep 1; done ) > "$WORK/rss.txt" 2>/dev/null &
SAMPLER=$!
( sleep $((DURATION / 2)); "$BIN" build --index "$INDEX" > "$WORK/build.txt" 2>&1 ) &
SWAP=$!
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$WORK/mix.lua" "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt" | grep RESULT
wait $SWAP
kill $SAMPLER 2>/dev/null || true
AFTER=$(generation)
echo "mix: $(wc -l < "$WORK/mix.txt") paths; swap: $BEFORE -> $AFTER ($(cat "$WORK/build.txt"))"
python3 - "$WORK/rss.txt" <<'PY'
import sys
kb = [int(x) for x in open(sys.argv[1]).read().split()]
print(f"server RSS MB: first {kb[0]/1024:.0f}, max {max(kb)/1024:.0f}, last {kb[-1]/1024:.0f} ({len(kb)} samples)")
PY
RESULT=$(grep RESULT "$WORK/wrk.txt")
[ "$BEFORE" != "$AFTER" ] || { echo "FAIL: the index was not swapped"; exit 1; }
echo "$RESULT" | grep -q "socket_errors=0 " || { echo "FAIL: socket errors"; exit 1; }
echo "$RESULT" | grep -Eq "statuses=200=[0-9]+$" || { echo "FAIL: a status other than 200"; exit 1; }
echo "PASS"
