#!/usr/bin/env bash
# The sessions table with 20,000+ sessions: paging through 10,000 rows and re-sorting
# (see table.py).   bench/table.sh [PROXY_BIN] [DIST_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/paths.sh "$@"
runs=${3:-3}
echo "## Sessions table — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(chromium --version 2>/dev/null), median (min–max) of $runs cold loads"
echo
echo "| what | time |"
echo "|---|---:|"
python3 bench/table.py "$proxy" "$dist" "$runs"
