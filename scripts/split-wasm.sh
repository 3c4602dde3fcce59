#!/usr/bin/env bash
# Splits the app's wasm at its `#[lazy]` split points (src/split.rs) after Trunk has built it,
# and replaces Trunk's single module in the staged dist with:
#   <app>.js / <app>_bg.wasm   the shell: wasm-bindgen's glue and the main module,
#   <app>-__wasm_split.js      the loader wasm-split writes for the chunks,
#   <app>-*.wasm               the chunks, fetched when a page of their group first opens.
# Every name carries Trunk's content hash, so all of them can be cached as immutable.
# Trunk has no hook between cargo and wasm-bindgen (where the split belongs), so this runs
# after it: it re-reads cargo's wasm (linked with --emit-relocs, see .cargo/config.toml),
# splits it, runs wasm-bindgen on the main module and optimises every module (Trunk's own
# wasm-opt is off in index.html), then updates index.html's integrity hashes.
#   TRUNK_STAGING_DIR=... TRUNK_PROFILE=release scripts/split-wasm.sh   (from post-build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
stage=${TRUNK_STAGING_DIR:?run by Trunk, which sets TRUNK_STAGING_DIR}
profile=${TRUNK_PROFILE:-release}
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

target_dir=$(cargo metadata --format-version 1 --no-deps --offline |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
input="$target_dir/wasm32-unknown-unknown/$profile/cmp-dashboard.wasm"
glue=$(cd "$stage" && ls cmp-dashboard-*_bg.wasm)
app=${glue%_bg.wasm}
[ -f "$input" ] || { echo "split-wasm: no $input" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$input" "$work/split" --out-name "$app"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-dir "$work/bindgen" --out-name "$app" "$work/split/$app.wasm"

# The chunks and their loader get the app's hashed name as a prefix; the loader and the glue
# refer to each other and to the chunks by those names.
loader="$app-__wasm_split.js"
# Only the ES imports are renamed: the import object's keys are the wasm's module names.
sed -E "s#^(import .* from )\"./__wasm_split.js\"#\1\"./$loader\"#" "$work/bindgen/$app.js" > "$stage/$app.js"
cp "$work/bindgen/${app}_bg.wasm" "$stage/${app}_bg.wasm"
chunks=()
for chunk in "$work"/split/*.wasm; do
  name=$(basename "$chunk")
  [ "$name" = "$app.wasm" ] && continue
  cp "$chunk" "$stage/$app-$name"
  chunks+=("$stage/$app-$name")
done
if [ ${#chunks[@]} -eq 0 ]; then
  echo "split-wasm: $input has no split points (built without the \"split\" feature?)" >&2
  exit 1
fi
sed -E "s#new URL\(\"\./([A-Za-z0-9_]+\.wasm)\"#new URL(\"./$app-\1\"#g" "$work/split/__wasm_split.js" > "$stage/$loader"

if [ "$profile" = release ]; then
  # binaryen warns once per chunk about a name subsection it does not know; names are dropped.
  node scripts/optimize-wasm.mjs "$stage/${app}_bg.wasm" "${chunks[@]}" 2>&1 | sed "/unknown name subsection/d" >&2
fi
node scripts/integrity.mjs "$stage/index.html" "$stage/$app.js" "$stage/${app}_bg.wasm"
echo "split-wasm: $app split into the shell and ${#chunks[@]} chunks"
