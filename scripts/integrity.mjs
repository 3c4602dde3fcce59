// Rewrites the `integrity` attributes Trunk put in index.html for the given files, after
// scripts/split-wasm.sh replaced those files (the browser refuses a file whose hash differs).
//   node scripts/integrity.mjs INDEX.html FILE...
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [index, ...files] = process.argv.slice(2);
let html = readFileSync(index, 'utf8');
for (const file of files) {
  const digest = createHash('sha384').update(readFileSync(file)).digest('base64');
  const name = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Trunk writes href="/NAME" … integrity="sha384-…" within one tag.
  const tag = new RegExp(`(<[^>]*href="[^"]*/${name}"[^>]*integrity=")sha384-[^"]*(")`, 'g');
  html = html.replace(tag, `$1sha384-${digest}$2`);
}
writeFileSync(index, html);
