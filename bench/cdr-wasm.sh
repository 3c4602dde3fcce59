#!/usr/bin/env bash
# The CDR pipeline (decode 100,000 records from JSON pages, fold them into the usage state,
# build the four chart options) timed in wasm inside headless Chromium, in the release
# profile the app ships with. Prints, never asserts, the timings. The benchmark lives in
# tests/cdr_pipeline_bench.rs behind the `bench-wasm` feature, so `make test` skips it.
#   bench/cdr-wasm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
echo "## CDR pipeline in wasm — $(date -u "+%F %H:%M") UTC, $(nproc) cores, $(chromium --version 2>/dev/null)"
cargo test -p cmp-dashboard --target wasm32-unknown-unknown --release --features bench-wasm \
  --test cdr_pipeline_bench -- --nocapture 2>&1 | grep -E "cdr-wasm:|test result|panicked|error" 
