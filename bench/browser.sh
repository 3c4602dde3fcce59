#!/usr/bin/env bash
# Cold-load timings in headless Chromium (see browser.py): FCP and "data visible" of
# /packages, and the heavy device's 180-day chart.
#   bench/browser.sh [PROXY_BIN] [DIST_DIR] [RUNS]
# Defaults: the server-profile proxy (`cargo build --profile server -p cmp-proxy`), ./dist
# (`trunk build --release`), 5 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
proxy=${1:-$target/server/cmp-proxy}
dist=${2:-$PWD/dist}
runs=${3:-5}
[ -x "$proxy" ] || { echo "no proxy at $proxy: cargo build --profile server -p cmp-proxy" >&2; exit 1; }
[ -f "$dist/index.html" ] || { echo "no SPA in $dist: trunk build --release" >&2; exit 1; }
echo "## Browser timings — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(chromium --version 2>/dev/null), median (min–max) of $runs cold loads"
echo
echo "| what | time since navigation start |"
echo "|---|---:|"
python3 bench/browser.py "$proxy" "$(cd "$dist" && pwd)" "$runs"
