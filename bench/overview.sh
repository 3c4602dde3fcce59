#!/usr/bin/env bash
# The Overview on a large world (see overview.py): time to the first tile and to every tile,
# median of several cold loads, with the longest main-thread task, the load average beside.
#   bench/overview.sh [PROXY_BIN] [DIST_DIR] [RUNS] [DEVICES]
# Defaults: the server-profile proxy (`cargo build --profile server -p cmp-proxy`), ./dist
# (`trunk build --release`), 5 runs, 20000 devices (~32,000 orders).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/paths.sh "$@"
runs=${3:-5}
devices=${4:-20000}
echo "## Overview on a large world — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(chromium --version 2>/dev/null), median (min–max) of $runs cold loads, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | time since navigation start |"
echo "|---|---:|"
python3 bench/overview.py "$proxy" "$dist" "$runs" "$devices"
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
