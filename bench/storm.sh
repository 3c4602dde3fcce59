#!/usr/bin/env bash
# The full webhook storm: 10,000+ order-status pushes from concurrent senders to the real
# cmp-proxy binary (optimised `server` profile), which is killed with SIGKILL and restarted
# on the same port and data directory several times; senders retry until answered 200.
# Afterwards every push must be in the store exactly once. It is the `the_storm` test of
# crates/cmp-proxy/tests/storm.rs at a bigger scale; `make test` runs it with 1,000 pushes.
#
#   bench/storm.sh [PUSHES] [SENDERS] [KILLS] [DOWNTIME_MS]     defaults: 20000 64 5 500
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

export CMP_STORM_PUSHES="${1:-20000}"
export CMP_STORM_SENDERS="${2:-64}"
export CMP_STORM_KILLS="${3:-5}"
export CMP_STORM_DOWNTIME_MS="${4:-500}"

echo "storm: building the proxy and the storm test (profile server)..." >&2
cargo test --profile server -p cmp-proxy --test storm --no-run >&2
started=$(date +%s)
out=$(cargo test --profile server -p cmp-proxy --test storm -- --exact the_storm --nocapture 2>&1) || {
  echo "$out" >&2
  echo "storm: FAILED" >&2
  exit 1
}
echo "$out" | grep '^storm:'
echo "storm: passed in $(( $(date +%s) - started )) s wall clock on $(nproc) cores ($(date -u +%FT%TZ))"
