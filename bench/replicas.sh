#!/usr/bin/env bash
# Replicas on one PostgreSQL: the long replica storm, then the fan-out figures.
#
# 1. The long version of `the_replica_storm` (crates/cmp-proxy/tests/replica_storm.rs, which
#    `make test` runs with 600 pushes): three cmp-proxy binaries (optimised `server`
#    profile) on one throwaway PostgreSQL, PUSHES pushes from SENDERS senders spread over
#    them, replicas 1 and 2 SIGKILLed and restarted, then PostgreSQL stopped and started
#    again; six followers of live events on different replicas. It asserts every
#    acknowledged push stored once and every follower hearing every event once, in order.
# 2. `fanout_bench`, RUNS times for 1 and for 3 replicas (interleaved), without faults:
#    pushes/s (acknowledged, from the first push to the last 200) and fan-out latency
#    p50/p99, from a push's 200 to its event at a follower attached to ANOTHER replica
#    (with one replica: to that replica's follower); an event that arrives before the 200
#    counts as 0 ms, and the share of those is printed. Each run prints the load average
#    before and after; the summary gives the medians of the runs.
#
#   bench/replicas.sh [RUNS] [PUSHES] [SENDERS]      defaults: 3 10000 32
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

runs="${1:-3}"
pushes="${2:-10000}"
senders="${3:-32}"
load() { cut -d' ' -f1 /proc/loadavg; }
test_run() {
  cargo test -q --profile server -p cmp-proxy --test replica_storm -- --exact "$@" --nocapture 2>&1
}

echo "replicas: building the proxy and the storm test (profile server)..." >&2
cargo test --profile server -p cmp-proxy --test replica_storm --no-run >&2

echo "replicas: the long storm ($pushes pushes, $senders senders, 3 replicas)..." >&2
started=$(date +%s)
before=$(load)
out=$(CMP_REPLICA_STORM_PUSHES="$pushes" CMP_REPLICA_STORM_SENDERS="$senders" \
  CMP_REPLICA_STORM_PACE_MS=0 CMP_REPLICA_STORM_FOLLOWERS=6 test_run the_replica_storm) || {
  echo "$out" >&2
  echo "replicas: the storm FAILED" >&2
  exit 1
}
echo "$out" | grep '^replica storm:'
echo "storm: passed in $(( $(date +%s) - started )) s wall clock, load $before → $(load) ($(date -u +%FT%TZ))"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for run in $(seq "$runs"); do
  for n in 1 3; do
    before=$(load)
    out=$(CMP_BENCH_REPLICAS="$n" CMP_REPLICA_STORM_PUSHES="$pushes" CMP_REPLICA_STORM_SENDERS="$senders" \
      test_run fanout_bench --ignored) || {
      echo "$out" >&2
      echo "replicas: fanout_bench FAILED" >&2
      exit 1
    }
    line="$(echo "$out" | grep '^bench:') load_before=$before load_after=$(load)"
    echo "run $run: $line"
    echo "$line" >>"$results"
  done
done

python3 - "$results" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = dict(re.findall(r"(\w+)=([\d.]+)", line))
    rows.setdefault(f["replicas"], []).append(f)
for n, runs in sorted(rows.items()):
    med = lambda k: statistics.median(float(r[k]) for r in runs)
    loads = sorted(float(r[k]) for r in runs for k in ("load_before", "load_after"))
    print(f"summary: {n} replica(s), {len(runs)} runs: {med('pushes_per_s'):.0f} pushes/s, "
          f"fan-out p50 {med('fanout_p50_ms'):.2f} ms, p99 {med('fanout_p99_ms'):.2f} ms, "
          f"{med('before_ack_pct'):.0f} % of events at the other client before the 200 at the sender (medians); "
          f"load {loads[0]:.1f}–{loads[-1]:.1f}")
PY
echo "replicas: done on $(nproc) cores ($(date -u +%FT%TZ))"
