// Prints the gzipped size of the JavaScript the first page load fetches (scripts and
// modulepreloads of dist/index.html), and fails above the budget: vendors pay for every byte.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 60 * 1024;
const dist = new URL('../dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const firstLoad = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/mobile\/([^"]+\.js)"/g)].map((m) => m[1]);
const gz = (path) => gzipSync(readFileSync(new URL(path, dist)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

let total = 0;
for (const file of firstLoad) {
  const size = gz(file);
  total += size;
  console.log(`  ${file.padEnd(40)} ${kb(size).padStart(9)} gzip`);
}
const css = readdirSync(new URL('assets/', dist)).filter((f) => f.endsWith('.css'));
for (const file of css) console.log(`  assets/${file.padEnd(33)} ${kb(gz(`assets/${file}`)).padStart(9)} gzip (CSS)`);
const worker = readdirSync(dist).filter((f) => /^(sw|workbox-.*)\.js$/.test(f));
for (const file of worker) console.log(`  ${file.padEnd(40)} ${kb(gz(file)).padStart(9)} gzip (service worker)`);
console.log(`JS du premier chargement : ${kb(total)} gzip (budget ${kb(BUDGET)})`);
if (firstLoad.length === 0 || total > BUDGET) {
  console.error(firstLoad.length === 0 ? 'Aucun script trouvé dans dist/index.html' : 'Budget dépassé');
  process.exit(1);
}
