import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageScriptBudgetBytes, type PageSize } from '../../packages/site/build/build-site.js';
import { sitePages } from '../../packages/site/build/pages.js';

/**
 * What a resident's phone downloads before a page shows anything: the page's script and the chunks
 * it imports statically, gzipped, as the run's site build measured them (test/support/run-once.ts).
 * A page that imports a value from `@entraide/core/schemas` at its top brings zod with it, past the
 * budget: such values come from `@entraide/core/plain`, schemas through `schemas()` when used.
 */
describe("the site's pages", () => {
  const sizes = JSON.parse(readFileSync(join(process.env.ENTRAIDE_TEST_RUN_DIR!, 'site-sizes.json'), 'utf8')) as PageSize[];

  it('are all measured', () => {
    expect(sizes.map((size) => size.file).sort()).toEqual(sitePages.map((page) => page.file).sort());
  });

  it(`each load at most ${pageScriptBudgetBytes / 1024} KB of script, gzipped, before their first render (the map library apart)`, () => {
    const over = sizes
      .filter((size) => size.gzipBytes > pageScriptBudgetBytes)
      .map((size) => `${size.file}: ${(size.gzipBytes / 1024).toFixed(1)} KB`);
    expect(over).toEqual([]);
  });
});
