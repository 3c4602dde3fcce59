#!/usr/bin/env bash
# Bytes on the wire for a cold load of /packages and /devices/:id (see bundle.py).
#   bench/bundle.sh [PROXY_BIN] [DIST_DIR]
# Defaults: the server-profile proxy in $CARGO_TARGET_DIR (or ./target) and ./dist (build it
# first: `trunk build --release`). Installs the `brotli` CLI from apt when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
proxy=${1:-$target/server/cmp-proxy}
dist=${2:-$PWD/dist}
command -v brotli >/dev/null || { apt-get update -qq && apt-get install -y -qq brotli >/dev/null; }
[ -x "$proxy" ] || { echo "no proxy at $proxy: cargo build --profile server -p cmp-proxy" >&2; exit 1; }
[ -f "$dist/index.html" ] || { echo "no SPA in $dist: trunk build --release" >&2; exit 1; }
echo "## Bundle — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(uname -m), $(chromium --version 2>/dev/null)"
python3 bench/bundle.py "$proxy" "$(cd "$dist" && pwd)"
