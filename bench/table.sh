#!/usr/bin/env bash
# The sessions table with 20,000+ sessions: paging through 10,000 rows and re-sorting
# (see table.py).   bench/table.sh [PROXY_BIN] [DIST_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
proxy=${1:-$target/server/cmp-proxy}
dist=${2:-$PWD/dist}
runs=${3:-3}
[ -x "$proxy" ] || { echo "no proxy at $proxy: cargo build --profile server -p cmp-proxy" >&2; exit 1; }
[ -f "$dist/index.html" ] || { echo "no SPA in $dist: trunk build --release" >&2; exit 1; }
echo "## Sessions table — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(chromium --version 2>/dev/null), median (min–max) of $runs cold loads"
echo
echo "| what | time |"
echo "|---|---:|"
python3 bench/table.py "$proxy" "$(cd "$dist" && pwd)" "$runs"
