// Optimises wasm files for size in place (`wasm-opt -Oz`), in one process: the split build
// has tens of chunks, and the npm binaryen's `wasm-opt` spends ~2 s starting up per call.
//   node scripts/optimize-wasm.mjs FILE.wasm...
// CMP_WASM_KEEP_NAMES=1 keeps the function names, so a browser CPU profile can name them
// (for profiling builds only: the names make the main module ~1.6× as large).
import { readFileSync, writeFileSync } from 'node:fs';
import binaryen from 'binaryen';

// What rustc's wasm32-unknown-unknown target emits by default (and Chromium runs).
const features = binaryen.Features.MVP | binaryen.Features.MutableGlobals
  | binaryen.Features.NontrappingFPToInt | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt
  | binaryen.Features.SignExt | binaryen.Features.ReferenceTypes | binaryen.Features.Multivalue;

binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(process.env.CMP_WASM_KEEP_NAMES === '1');
for (const file of process.argv.slice(2)) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(features);
  module.optimize();
  if (!module.validate()) {
    console.error(`optimize-wasm: ${file} does not validate after optimising`);
    process.exit(1);
  }
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
