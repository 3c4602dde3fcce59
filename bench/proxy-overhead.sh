#!/usr/bin/env bash
# What cmp-proxy adds over the upstream, with nginx as the anchor, its read cache off and on
# (see proxy-overhead.py).
#   bench/proxy-overhead.sh [RUNS] [SECONDS]      (defaults: 3 runs of 8 s per cell)
#   BENCH_BASELINE_PROXY=/path/to/other/cmp-proxy bench/proxy-overhead.sh ...
#     adds a "cmp-proxy (baseline)" row (e.g. main's binary), interleaved with the others.
# Needs the server-profile binaries (`cargo build --profile server -p cmp-proxy -p cmp-sim`);
# installs wrk and nginx-light from apt when missing (nginx is only run in the foreground
# with a private config, never as a service).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
for bin in cmp-proxy cmp-sim; do
  [ -x "$target/server/$bin" ] || { echo "build first: cargo build --profile server -p cmp-proxy -p cmp-sim" >&2; exit 1; }
done
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
fi
echo "## Proxy overhead — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(nginx -v 2>&1 | sed 's/.*: //'), wrk, median of ${1:-3} runs of ${2:-8} s"
echo
python3 bench/proxy-overhead.py "$target/server/cmp-proxy" "$target/server/cmp-sim" "${1:-3}" "${2:-8}"
