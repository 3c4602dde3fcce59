#!/usr/bin/env bash
# Installs what building and testing cmp-dashboard needs, skipping whatever is already
# present at the right version, so a second run takes seconds. Only package registries are
# used (crates, apt, npm); Trunk itself is configured never to download anything.
#   scripts/setup.sh          everything (build + browser tests + PostgreSQL for the store's tests)
#   scripts/setup.sh build    only what `make run` needs (no Chromium, no PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
need_test_tools=1
[ "${1:-}" = build ] && need_test_tools=0
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
apt_updated=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

# 1. The wasm target for the SPA.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

# 2. Trunk, pinned: 0.22 needs a newer rustc than this toolchain.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes several minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen CLI at exactly the version in Cargo.lock, or the generated glue mismatches.
if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
wbg_version=$(cargo pkgid wasm-bindgen | sed 's/.*[@#]//')
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg_version" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $wbg_version"
  # No --locked: the CLI's own lockfile pins a crate the registry no longer serves.
  cargo install wasm-bindgen-cli --version "=$wbg_version" --force
fi

# 4. wasm-split-cli: splits the release wasm into the shell and per-page-group chunks
#    (scripts/split-wasm.sh); its format must match the wasm_split_helpers in Cargo.lock (0.2).
#    The CLI has no --version; cargo's install list says which version is there.
if ! command -v wasm-split-cli >/dev/null \
   || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (takes a few minutes once)"
  cargo install wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# 5. npm tools: wasm-opt 132 (Debian's 108 breaks the app), ECharts and esbuild (which bundles
#    the app's smaller ECharts build in Trunk's post_build hook).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/echarts/dist/echarts.min.js ] \
   || [ ! -x node_modules/.bin/esbuild ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (binaryen, echarts, esbuild)"
  npm ci --no-audit --no-fund
fi

# 6. Chromium and its driver for the browser tests.
if [ "$need_test_tools" = 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  say "installing chromium and chromium-driver from apt"
  apt_install chromium chromium-driver
fi

# 7. PostgreSQL's server programs for the store's tests, which start a throwaway server of
#    their own (crates/cmp-proxy/tests/common/postgres.rs); the package's `main` cluster is
#    left alone. Debian keeps initdb and pg_ctl in /usr/lib/postgresql/N/bin, off PATH.
pg_bin() { command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1; }
if [ "$need_test_tools" = 1 ] && [ -z "$(pg_bin)" ]; then
  say "installing postgresql from apt (for the store's tests)"
  apt_install postgresql
fi

# 8. nginx, only to check the deployment example (scripts/check-deploy-examples.sh). Its
#    package would start a server on port 80 where no init system stops it: a temporary
#    policy-rc.d (the Debian way to say "start no services") keeps it from starting.
if [ "$need_test_tools" = 1 ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  say "installing nginx-light from apt (to check docs/deploy/nginx.conf)"
  added_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  apt_install nginx-light
  if [ "$added_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

say "toolchain ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}')"
if [ "$need_test_tools" = 1 ]; then say "PostgreSQL for the tests: $("$(pg_bin)" --version)"; fi
