# Sourced, with the script's arguments, by the wrappers of the browser benches (browser.sh,
# table.sh, overview.sh) from the repository root: the proxy binary ($1, default the
# server-profile build) and the built SPA ($2, default ./dist, made absolute), each checked
# to be there.
target=${CARGO_TARGET_DIR:-$PWD/target}
proxy=${1:-$target/server/cmp-proxy}
dist=${2:-$PWD/dist}
[ -x "$proxy" ] || { echo "no proxy at $proxy: cargo build --profile server -p cmp-proxy" >&2; exit 1; }
[ -f "$dist/index.html" ] || { echo "no SPA in $dist: trunk build --release" >&2; exit 1; }
dist=$(cd "$dist" && pwd)
