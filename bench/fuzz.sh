#!/usr/bin/env bash
# Runs cmp-api's fuzz targets (crates/cmp-api/fuzz) one after another, each for SECONDS
# (default 600), under `nice` because the machine is shared, and reports per target the
# runs, coverage and features libFuzzer reached and whether it crashed.
#
#   bench/fuzz.sh [SECONDS] [TARGET...]     (no TARGET: every target)
#
# Needs the nightly toolchain; installs cargo-fuzz when it is missing. Corpora grow in
# crates/cmp-api/fuzz/corpus/<target> (seeded from crates/cmp-api/tests/fixtures and
# crates/cmp-api/fuzz/seeds), crashes land in crates/cmp-api/fuzz/artifacts/<target>, and
# each run's log in bench/out/fuzz-<target>.log. Exits 1 when any target crashed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
API="$ROOT/crates/cmp-api"
FUZZ="$API/fuzz"
FIXTURES="$API/tests/fixtures"
OUT="$ROOT/bench/out"
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_EACH="${1:-600}"
shift || true
if ! [[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] || [ "$SECONDS_EACH" -eq 0 ]; then
    echo "usage: bench/fuzz.sh [SECONDS] [TARGET...]  (SECONDS a whole number above 0)" >&2
    exit 2
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz.sh: the nightly toolchain is missing: rustup toolchain install nightly" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

cd "$API"
ALL_TARGETS=$(cargo +nightly fuzz list)
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    mapfile -t TARGETS <<<"$ALL_TARGETS"
fi
for t in "${TARGETS[@]}"; do
    if ! grep -qx "$t" <<<"$ALL_TARGETS"; then
        echo "fuzz.sh: no target \"$t\"; the targets are: $(echo $ALL_TARGETS)" >&2
        exit 2
    fi
done

# The decode target's first byte picks the type; these indexes follow DECODE_KINDS in
# crates/cmp-api/fuzz/src/properties.rs (tests/fuzz_regressions.rs checks they agree).
DECODE_SEEDS="1:sync_packages_response 2:query_order_response 3:query_device_response
4:cdr_response 5:traffic_pool_response 6:batch_order_response 7:open_package_response
8:cancel_package_response 10:sync_packages_request 11:query_device_request
12:batch_order_request 13:query_order_request 14:open_package_request
15:ahead_finish_request 16:traffic_pool_request"

# Copies the seeds of target $1 into its corpus (idempotent: same name, same content).
seed() {
    local target="$1" dir="$FUZZ/corpus/$1"
    mkdir -p "$dir"
    case "$target" in
    decode)
        for pair in $DECODE_SEEDS; do
            local index="${pair%%:*}" name="${pair#*:}"
            { printf "\\$(printf '%03o' "$index")"; cat "$FIXTURES/$name.json"; } >"$dir/seed-$name"
        done
        # Index 0 is Envelope<Value>, index 9 Envelope<PackageOrder>: any answer seeds them.
        { printf '\000'; cat "$FIXTURES/query_order_response.json"; } >"$dir/seed-envelope"
        ;;
    push) cp "$FIXTURES/push.json" "$dir/seed-push" ;;
    sign)
        for f in "$FIXTURES"/*_request.json; do cp "$f" "$dir/seed-$(basename "$f" .json)"; done
        ;;
    esac
    if [ -d "$FUZZ/seeds/$target" ]; then
        cp "$FUZZ/seeds/$target"/* "$dir/"
    fi
}

# Optimised, with debug assertions and overflow checks (an overflow is a finding), without
# AddressSanitizer: cmp-api forbids unsafe code, and ASan would cost most of the speed.
BUILD_FLAGS="-O -a -s none"
echo "fuzz.sh: building ${TARGETS[*]}"
for t in "${TARGETS[@]}"; do
    nice -n 10 cargo +nightly fuzz build $BUILD_FLAGS "$t" 2>/dev/null
done

mkdir -p "$OUT"
crashed=()
printf '%-12s %8s %12s %8s %8s %8s  %s\n' target seconds runs exec/s cov ft result
for t in "${TARGETS[@]}"; do
    seed "$t"
    log="$OUT/fuzz-$t.log"
    status=0
    # -max_total_time ends the run; -timeout and -rss_limit_mb turn hangs and memory blow-ups
    # into findings. One job, one worker: the machine's cores are shared.
    nice -n 10 cargo +nightly fuzz run $BUILD_FLAGS "$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    runs=$(grep -oP '^stat::number_of_executed_units:\s*\K\d+' "$log" | tail -1 || true)
    speed=$(grep -oP '^stat::average_exec_per_sec:\s*\K\d+' "$log" | tail -1 || true)
    cov=$(grep -oP '\bcov: \K\d+' "$log" | tail -1 || true)
    ft=$(grep -oP '\bft: \K\d+' "$log" | tail -1 || true)
    if [ "$status" -eq 0 ]; then
        result=ok
    else
        result="CRASH (exit $status): $(grep -oP 'Test unit written to \K\S+' "$log" | tail -1 || echo "see $log")"
        crashed+=("$t")
    fi
    printf '%-12s %8s %12s %8s %8s %8s  %s\n' "$t" "$SECONDS_EACH" "${runs:-?}" "${speed:-?}" \
        "${cov:-?}" "${ft:-?}" "$result"
done

if [ ${#crashed[@]} -gt 0 ]; then
    echo "fuzz.sh: crashed: ${crashed[*]} (logs in $OUT, inputs in $FUZZ/artifacts)" >&2
    exit 1
fi
