#!/usr/bin/env bash
# Abuse load test (the hardening issue's probe, bounded in time, loopback only):
#   1. slow-body flood  FLOOD connections from 127.0.0.2 each send a report POST head
#                       with `Content-Length: 100` and never the body (reconnecting when
#                       cut off), while wrk drives the search mix from 127.0.0.1 at c=8:
#                       the searches' p99 and errors are printed without and with the flood,
#                       with what the flooder saw (429 = over its connection cap,
#                       408 = body timeout).
#   2. address flood    ADDRESSES different source addresses (127.1.x.y) make one API
#                       request each, then wrk drives the API from 127.0.0.1 with the
#                       limiter on but set high enough never to refuse: API req/s with the
#                       limiter's table empty and then holding ADDRESSES addresses.
#
#   benches/abuse.sh [INDEX_DIR] [DURATION_S] [FLOOD] [ADDRESSES]
set -euo pipefail
cd "$(dirname "$0")/.."

INDEX=${1:-index}
DURATION=${2:-15}
FLOOD=${3:-500}
ADDRESSES=${4:-30000}
PORT=${PEERWAY_LOAD_PORT:-18490}
BIN=target/release/peerway
LOG=$(mktemp)
DATA=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || cargo build --release
[ -f "$INDEX/CURRENT" ] || "$BIN" build --index "$INDEX"
# Enough descriptors for the flood on the test side (the server's own limit is the point).
ulimit -n 65536 2>/dev/null || true

SERVER=
stop_server() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; SERVER=; }
trap 'stop_server; rm -rf "$DATA" "$LOG"' EXIT

start_server() {
  stop_server
  # The server gets an ordinary descriptor limit (1024): a flood must not exhaust it.
  bash -c 'ulimit -n 1024; exec "$@"' _ "$BIN" serve --index "$INDEX" --data "$DATA" \
    --addr "127.0.0.1:$PORT" --allow-synthetic "$@" >"$LOG" 2>&1 &
  SERVER=$!
  for _ in $(seq 3000); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.005
  done
}

LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
local paths = {"/api/v1/search?q=respite&near=01060", "/api/v1/search?q=warmline",
  "/api/v1/search?near=80202", "/api/v1/search?q=crisis+team&kind=mobile_team",
  "/search?q=peer+respite", "/search?near=Chicago%2C+IL"}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT req/s=%.0f p50=%.2fms p99=%.2fms errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
LUA
trap 'stop_server; rm -rf "$DATA" "$LOG" "$LUA"' EXIT

echo "== 1. slow-body flood ($FLOOD connections from 127.0.0.2, ${DURATION}s)"
start_server --rate-limit 0 --response-cache 0
echo "searches alone (c=8):"
wrk -t2 -c8 -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep RESULT
python3 - "$PORT" "$FLOOD" "$((DURATION + 4))" <<'PY' &
import socket, sys, time, selectors
port, flood, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
head = (b"POST /programs/x/report HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n")
sel = selectors.DefaultSelector()
seen = {"429": 0, "408": 0, "other": 0, "opened": 0}
def open_one():
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    sel.register(s, selectors.EVENT_WRITE, "new")
    seen["opened"] += 1
for _ in range(flood):
    open_one()
end = time.time() + seconds
while time.time() < end:
    for key, _ in sel.select(timeout=0.2):
        s = key.fileobj
        if key.data == "new":
            try:
                s.send(head)
                sel.modify(s, selectors.EVENT_READ, "sent")
            except OSError:
                sel.unregister(s); s.close(); open_one()
            continue
        try:
            answer = s.recv(64)
        except OSError:
            answer = b""
        code = answer[9:12].decode(errors="replace")
        seen[code if code in ("429", "408") else "other"] += 1
        sel.unregister(s); s.close(); open_one()
print(f"flooder: opened {seen['opened']}, answered 429 {seen['429']}, 408 {seen['408']}, other/closed {seen['other']}", flush=True)
PY
FLOODER=$!
sleep 2
echo "searches during the flood (c=8):"
wrk -t2 -c8 -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep RESULT
wait "$FLOODER" || true

echo "== 2. address flood ($ADDRESSES addresses, one API request each)"
start_server --rate-limit 100000000 --response-cache 0
echo "API with an empty limiter table (c=32):"
wrk -t2 -c32 -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep RESULT
python3 - "$PORT" "$ADDRESSES" <<'PY'
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
started, answered = time.time(), 0
for n in range(count):
    s = socket.socket()
    s.bind((f"127.1.{n // 250}.{n % 250 + 1}", 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    answered += s.recv(12)[9:12] == b"200"
    s.close()
print(f"addresses: {count} requests, {answered} answered 200, {time.time() - started:.1f}s", flush=True)
PY
echo "API with $ADDRESSES addresses in the limiter table (c=32):"
wrk -t2 -c32 -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep RESULT
echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{print $2/1024 " MB"}')"
stop_server
