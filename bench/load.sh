#!/usr/bin/env bash
# Load benchmark: the simulator and the proxy (optimised `server` profile, separate
# processes), 1,000 Server-Sent Events clients held open on /api/events, and sustained
# queryOrder load through the proxy with wrk for 30 s. Midway an order is paused in the
# simulator, whose push goes through the proxy's webhook; every SSE client must receive it.
# Reports throughput, p50/p99 latency, errors and the proxy's peak RSS (VmHWM) per run and
# the median over the runs.
#
#   bench/load.sh [RUNS] [SSE_CLIENTS] [DURATION_S] [CONNECTIONS]     defaults: 3 1000 30 64
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
RUNS=${1:-3}
SSE_CLIENTS=${2:-1000}
DURATION=${3:-30}
CONNECTIONS=${4:-64}
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/server

# wrk from the distribution, only when it is missing.
if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk
fi
# 1,000 SSE sockets in the driver and as many in the proxy, plus wrk's.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((SSE_CLIENTS * 2 + CONNECTIONS + 256)) ]; then
  echo "load: the open-file limit $(ulimit -n) is too low for $SSE_CLIENTS SSE clients" >&2
  exit 1
fi

echo "load: building cmp-proxy and cmp-sim (profile server)..." >&2
cargo build --profile server -p cmp-proxy -p cmp-sim >&2

WORK=$(mktemp -d /tmp/cmp-load.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of PID, in clock ticks
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL: until it answers 200, at most 30 s
  for _ in $(seq 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "load: $1 did not answer" >&2; return 1
}

TOKEN=load-bench-admin-token
printf '[[token]]\nname = "load"\nrole = "admin"\nsha256 = "%s"\n' \
  "$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)" >"$WORK/tokens.toml"

run_once() { # RUN_NUMBER -> prints one RESULT line with every measure
  local n=$1 sim_port proxy_port hook=load-hook-secret dir="$WORK/run$1"
  mkdir -p "$dir"
  sim_port=$(free_port); proxy_port=$(free_port)
  "$BIN/cmp-sim" --seed 7 --listen "127.0.0.1:$sim_port" --access-code load --secret load-secret \
    --push-url "http://127.0.0.1:$proxy_port/hooks/order-status/$hook" >"$dir/sim.log" 2>&1 &
  local sim_pid=$!; PIDS+=("$sim_pid")
  env -u CMP_UPSTREAM_URL RUST_LOG=warn CMP_LISTEN="127.0.0.1:$proxy_port" \
    CMP_UPSTREAM_URL="http://127.0.0.1:$sim_port" CMP_ACCESS_CODE=load CMP_SECRET=load-secret \
    CMP_HOOK_SECRET=$hook CMP_TOKENS_FILE="$WORK/tokens.toml" CMP_DATA_DIR="$dir/data" \
    CMP_DIST_DIR="$dir/no-spa" CMP_RATE_LIMIT_PER_SEC=0 CMP_MAX_STREAMS_PER_TOKEN=2000 \
    "$BIN/cmp-proxy" >"$dir/proxy.log" 2>&1 &
  local proxy_pid=$!; PIDS+=("$proxy_pid")
  wait_http "http://127.0.0.1:$sim_port/_sim/clock"
  wait_http "http://127.0.0.1:$proxy_port/healthz"

  # A started order to pause midway: its push (operation 1003) is the marked event.
  local order
  order=$(curl -fs "http://127.0.0.1:$sim_port/_sim/world" | python3 -c '
import json, sys
orders = json.load(sys.stdin)["data"]["orders"]
print(next(o["order_id"] for o in orders if str(o["status"]) == "2"))')
  local marker="\"orderid\":\"$order\""

  python3 "$ROOT/bench/sse_clients.py" 127.0.0.1 "$proxy_port" "$TOKEN" "$SSE_CLIENTS" \
    "$dir/sse.ready" "$marker" $((DURATION + 60)) >"$dir/sse.json" 2>"$dir/sse.err" &
  local sse_pid=$!
  for _ in $(seq 1200); do [ -s "$dir/sse.ready" ] && break; sleep 0.1; done
  local connected rss_idle
  connected=$(cut -d' ' -f2 "$dir/sse.ready" 2>/dev/null || echo 0)
  rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$proxy_pid/status")

  local proxy_cpu0 sim_cpu0
  proxy_cpu0=$(cpu_ticks "$proxy_pid"); sim_cpu0=$(cpu_ticks "$sim_pid")
  ( sleep $((DURATION / 2)); curl -fs -XPOST "http://127.0.0.1:$sim_port/_sim/orders/$order/pause" >"$dir/pause.json" ) &
  local pauser=$!
  BENCH_TOKEN=$TOKEN wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
    -s "$ROOT/bench/query_order.lua" "http://127.0.0.1:$proxy_port/cmp-api/package/queryOrder" >"$dir/wrk.txt"
  local hz proxy_cpu sim_cpu
  hz=$(getconf CLK_TCK)
  proxy_cpu=$(( ($(cpu_ticks "$proxy_pid") - proxy_cpu0) * 100 / hz / DURATION ))
  sim_cpu=$(( ($(cpu_ticks "$sim_pid") - sim_cpu0) * 100 / hz / DURATION ))
  wait "$pauser" || echo "load: pausing $order in the simulator failed" >&2
  local sse_status=0
  wait "$sse_pid" || sse_status=$?
  local hwm
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$proxy_pid/status")
  kill "$proxy_pid" "$sim_pid"; wait "$proxy_pid" "$sim_pid" 2>/dev/null || true

  local received
  received=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["received"])' "$dir/sse.json")
  echo "run $n: $(grep '^RESULT' "$dir/wrk.txt" | cut -d' ' -f2-) sse_connected=$connected sse_received=$received rss_idle_kb=$rss_idle peak_rss_kb=$hwm proxy_cpu_pct=$proxy_cpu sim_cpu_pct=$sim_cpu" >&2
  [ "$sse_status" -eq 0 ] || echo "load: run $n: not every SSE client got the event: $(cat "$dir/sse.json") $(cat "$dir/sse.err")" >&2
  echo "$(grep '^RESULT' "$dir/wrk.txt") sse_connected=$connected sse_received=$received rss_idle_kb=$rss_idle peak_rss_kb=$hwm proxy_cpu_pct=$proxy_cpu sim_cpu_pct=$sim_cpu"
}

: >"$WORK/results"
for n in $(seq "$RUNS"); do run_once "$n" >>"$WORK/results"; done

echo "load: $(date -u +%FT%TZ), $(nproc) cores, $SSE_CLIENTS SSE clients, wrk -t2 -c$CONNECTIONS for ${DURATION}s, $RUNS runs"
python3 - "$WORK/results" "$SSE_CLIENTS" <<'PY'
import statistics, sys
runs = []
for line in open(sys.argv[1]):
    fields = dict(kv.split("=") for kv in line.split()[1:])
    runs.append({k: float(v) for k, v in fields.items()})
for i, r in enumerate(runs, 1):
    print(f"run {i}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
          f"errors {int(r['non2xx'] + r['socket_errors'])} (+{int(r['not_0000'])} not 0000), "
          f"SSE {int(r['sse_received'])}/{int(r['sse_connected'])} got the event, peak RSS {r['peak_rss_kb']/1024:.1f} MiB, "
          f"CPU proxy {int(r['proxy_cpu_pct'])}% sim {int(r['sim_cpu_pct'])}% (of one core)")
med = lambda k: statistics.median(r[k] for r in runs)
print(f"median: {med('rps'):.0f} req/s, p50 {med('p50_ms'):.2f} ms, p99 {med('p99_ms'):.2f} ms, "
      f"errors {med('non2xx') + med('socket_errors'):.0f}, peak RSS {med('peak_rss_kb')/1024:.1f} MiB "
      f"(after {int(sys.argv[2])} SSE clients connected, before load: {med('rss_idle_kb')/1024:.1f} MiB)")
ok = all(r["sse_received"] == float(sys.argv[2]) for r in runs)
print("fan-out under load: " + ("every SSE client received the event in every run" if ok else "SOME SSE CLIENTS MISSED THE EVENT"))
sys.exit(0 if ok else 1)
PY
