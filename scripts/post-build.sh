#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml): splits the wasm into the shell and page chunks, adds
# the app's ECharts build to the staged dist and precompresses the staged assets. Needs
# wasm-split-cli and wasm-bindgen (scripts/setup.sh), npm's binaryen and esbuild, and node.
#   TRUNK_STAGING_DIR=dist/.stage scripts/post-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
stage=${TRUNK_STAGING_DIR:?run by Trunk, which sets TRUNK_STAGING_DIR}
export PATH="$PWD/node_modules/.bin:$PATH"

# 1. The shell and the page chunks (see the script).
scripts/split-wasm.sh

# 2. ECharts with only the charts and components the app draws (≈155 KB brotli instead of
#    the full build's ≈270 KB). Rebuilt only when the entry or the npm packages change.
cache=node_modules/.cache/cmp-echarts
bundle=$cache/echarts.custom.min.js
if [ ! -f "$bundle" ] || [ scripts/echarts-entry.js -nt "$bundle" ] || [ package-lock.json -nt "$bundle" ]; then
  mkdir -p "$cache"
  esbuild scripts/echarts-entry.js --bundle --minify --format=iife --target=es2019 \
    --legal-comments=none --log-level=warning --outfile="$bundle"
fi
cp "$bundle" "$stage/echarts.custom.min.js"

# 3. Brotli and gzip siblings of every asset, served by cmp-proxy when the browser accepts them.
node scripts/precompress.mjs "$stage"
