#!/usr/bin/env bash
# Cold-load timings in headless Chromium (see browser.py): FCP and "data visible" of
# /packages, and the heavy device's 180-day chart.
#   bench/browser.sh [PROXY_BIN] [DIST_DIR] [RUNS]
# Defaults: the server-profile proxy (`cargo build --profile server -p cmp-proxy`), ./dist
# (`trunk build --release`), 5 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/paths.sh "$@"
runs=${3:-5}
echo "## Browser timings — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(chromium --version 2>/dev/null), median (min–max) of $runs cold loads"
echo
echo "| what | time since navigation start |"
echo "|---|---:|"
python3 bench/browser.py "$proxy" "$dist" "$runs"
