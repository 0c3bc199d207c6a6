import { rendered, useBrowserPlatform, viewports } from './browser.js';

/**
 * A page must not jump while it loads: on a phone, a resident who taps as the page draws itself
 * would hit the wrong link. Chromium reports every layout shift (the Layout Instability API, what
 * Lighthouse sums as CLS); from the first byte until the page has drawn itself, its map included,
 * the shifts of each page add up to less than 0.1, the threshold the web's "good" CLS is set at.
 */
const { platform, browser } = useBrowserPlatform({ seed: true });

interface Shift {
  value: number;
  sources: string[];
}

const pages: { name: string; path: () => Promise<string>; ready?: string }[] = [
  { name: 'platform home', path: async () => '/' },
  { name: 'tenant home', path: async () => '/t/courbevoie/' },
  { name: 'search', path: async () => '/t/courbevoie/recherche.html', ready: '.leaflet-container' },
  { name: 'publish', path: async () => '/t/courbevoie/publier.html', ready: '.leaflet-container' },
  {
    name: 'post',
    path: async () => {
      const latest = await platform.api('courbevoie', '/posts?limit=1');
      return `/t/courbevoie/annonce.html?post=${latest.body.items[0].id}`;
    },
  },
  { name: 'missions', path: async () => '/t/namur/missions.html' },
];

it('no page moves under the reader while it loads, on a phone (layout shifts add up to less than 0.1)', async () => {
  const totals: Record<string, { total: number; shifts: Shift[] }> = {};
  for (const { name, path, ready } of pages) {
    const context = await browser.newContext({ viewport: viewports.phone, isMobile: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const shifts: { value: number; sources: string[] }[] = [];
      (window as unknown as { shifts: typeof shifts }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { value: number; sources?: { node?: Node | null }[] }[]) {
          const sources = (entry.sources ?? []).map((source) => {
            const node = source.node as Element | null | undefined;
            return node?.id ? `#${node.id}` : (node?.nodeName ?? '?');
          });
          shifts.push({ value: entry.value, sources });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${platform.url}${await path()}`);
    await rendered(page);
    if (ready) await page.locator(ready).first().waitFor({ state: 'visible' });
    // The last fetches and the map's tiles settle: shifts they cause are counted too.
    await page.waitForLoadState('networkidle');
    const shifts = await page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
    totals[name] = { total: shifts.reduce((sum, shift) => sum + shift.value, 0), shifts };
    await context.close();
  }
  const moved = Object.entries(totals).filter(([, { total }]) => total >= 0.1);
  expect(moved).toEqual([]);
  expect(Object.keys(totals)).toHaveLength(pages.length);
});
