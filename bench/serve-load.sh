#!/usr/bin/env bash
# Load on `lede serve` (a benchmark, not a test): 32 concurrent clients for 60 s of one-word
# searches (/api/search?q=WORD: 10 hits with snippets; EXTRA=&facet=source adds to each), by wrk (Debian's
# package, installed when missing). Prints requests/s, latency percentiles, errors, and the
# server's peak memory.
#
#   bench/serve-load.sh INDEX [LEDE] [SECONDS] [CLIENTS]
#
# INDEX: e.g. the harness's 100k corpus indexed with `lede index target/bench/corpus-100000
# --index /tmp/idx-100k`.
set -euo pipefail
INDEX=${1:?usage: bench/serve-load.sh INDEX [LEDE] [SECONDS] [CLIENTS]}
LEDE=${2:-target/release/lede}
SECONDS_=${3:-60}
CLIENTS=${4:-32}
command -v wrk >/dev/null || { echo "installing wrk (apt-get)"; apt-get install -y -qq wrk >/dev/null; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$LEDE" serve --index "$INDEX" --bind "127.0.0.1:$PORT" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/stats" >/dev/null && break; sleep 0.1; done
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
-- One-word queries of the synthetic corpus's vocabulary, in turn.
local words = {"harbour", "council", "market", "government", "hospital", "court", "police",
  "school", "budget", "election", "bridge", "ferry", "weather", "report", "minister", "city"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/search?q=" .. words[(n % #words) + 1] .. (os.getenv("EXTRA") or ""))
end
done = function(summary, latency, requests)
  io.write(string.format("requests: %d in %.1f s = %.0f/s\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  local e = summary.errors
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%-4s %.1f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("max   %.1f ms\n", latency.max / 1000))
end
LUA
wrk -t2 -c"$CLIENTS" -d"${SECONDS_}s" -s "$LUA" "http://127.0.0.1:$PORT" | sed -n '/^requests:/,$p'
echo "server peak memory: $(grep VmHWM /proc/$SERVER/status | awk '{print $2/1024 " MB"}')"
rm -f "$LUA"
