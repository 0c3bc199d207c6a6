import { join } from 'node:path';
import { buildSite, pageScriptBudgetBytes, siteOutDir } from './build-site.js';

// `npm run build:site`: builds packages/site/dist and prints each page's script, gzipped.
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const siteRoot = join(import.meta.dirname, '..');
const sizes = buildSite({ siteRoot });
console.log(`Site built in ${siteOutDir(siteRoot)}`);
console.log(`${'page'.padEnd(22)}${'script'.padEnd(18)}${'minified'.padStart(10)}${'gzipped'.padStart(10)}`);
for (const size of sizes) {
  console.log(`${size.file.padEnd(22)}${size.script.padEnd(18)}${kb(size.bytes).padStart(10)}${kb(size.gzipBytes).padStart(10)}`);
}
console.log(`Budget: ${kb(pageScriptBudgetBytes)} gzipped per page, the map library (leaflet.js, loaded after the first render) apart.`);
const over = sizes.filter((size) => size.gzipBytes > pageScriptBudgetBytes);
if (over.length > 0) {
  console.error(`Over budget: ${over.map((size) => size.file).join(', ')}`);
  process.exit(1);
}
