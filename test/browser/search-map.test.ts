import type { Page } from 'playwright-core';
import { publishPost } from '../support/relay.js';
import { expectNoAxeViolationsAtBothWidths, rendered, useBrowserPlatform, viewports, watchedPage } from './browser.js';

/**
 * The search page's map on a phone, over posts a few hundred metres apart: no marker covers another,
 * so each is a whole target a finger can hit (WCAG 2.5.8); posts that would overlap share one marker,
 * which says how many they are and lists them when opened; zooming in parts them again. Every post
 * listed is on the map, once.
 */
const { platform, browser } = useBrowserPlatform();

/**
 * Ten posts from one street at the town's centre (the search's default point). The API shows each at
 * its own public point, drawn at random between 500 m and 1 km away, so where they fall is not known;
 * what is known: ten points in that ring always hold two in one of nine 40° sectors, so within 720 m
 * of each other, closer than a marker's spacing (36 px, 904 m here) at zoom 12, the search's zoom for
 * its 3 km radius: at least one marker stands for several posts.
 */
const posts = 10;
beforeAll(async () => {
  const config = await platform.api('courbevoie', '/config');
  if (config.body.area.radiusKm !== 3) throw new Error(`the test reckons with a 3 km area, not ${config.body.area.radiusKm}`);
  for (let index = 0; index < posts; index++) {
    await publishPost(platform, 'courbevoie', `voisin${index}@example.org`, config.body.area.center, `Courses du samedi ${index + 1}`);
  }
});

interface Placed {
  box: { x: number; y: number; width: number; height: number };
  count: number;
  title: string;
}

/** The map's markers as drawn: their boxes, and how many posts each stands for. */
const markersOf = (page: Page): Promise<Placed[]> =>
  page.locator('#results-map .leaflet-marker-icon').evaluateAll((icons) =>
    icons.map((icon) => {
      const rect = icon.getBoundingClientRect();
      const group = icon.querySelector('.marker-group');
      return {
        box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
        count: group ? Number(group.textContent) : 1,
        title: icon.getAttribute('title') ?? '',
      };
    }),
  );

const overlapping = (markers: Placed[]) =>
  markers.flatMap((one, at) =>
    markers
      .slice(at + 1)
      .filter(
        (other) =>
          one.box.x < other.box.x + other.box.width &&
          other.box.x < one.box.x + one.box.width &&
          one.box.y < other.box.y + other.box.height &&
          other.box.y < one.box.y + one.box.height,
      )
      .map((other) => `${one.title} / ${other.title}`),
  );

it('no marker covers another: posts in one place share a marker that lists them, and zooming in parts them', async () => {
  const context = await browser.newContext({ viewport: viewports.phone, isMobile: true, hasTouch: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${platform.url}/t/courbevoie/recherche.html`);
  await rendered(page);
  await page.locator('#results-map .leaflet-marker-icon').first().waitFor();
  const listed = await page.locator('#results > li').count();
  expect(listed).toBe(posts);

  const atFirst = await markersOf(page);
  expect(overlapping(atFirst)).toEqual([]);
  // Every post listed is on the map, once: alone or counted in its group.
  expect(atFirst.reduce((total, marker) => total + marker.count, 0)).toBe(listed);
  const groups = atFirst.filter((marker) => marker.count > 1);
  expect(groups.length).toBeGreaterThan(0);
  expect(groups[0]!.title).toBe(`${groups[0]!.count} annonces à cet endroit`);

  // Opened, a group lists its posts, each a link to its page.
  await page.locator('#results-map .leaflet-marker-icon:has(.marker-group)').first().click();
  const popupLinks = page.locator('.leaflet-popup .map-group a');
  await popupLinks.first().waitFor();
  expect(await popupLinks.count()).toBe(groups[0]!.count);
  for (const href of await popupLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href')))) {
    expect(href).toMatch(/^\/t\/courbevoie\/annonce\.html\?post=/);
  }
  await page.keyboard.press('Escape');

  // Zoomed in four times (36 px is then about 60 m), the places are farther apart on screen: more
  // markers, still none over another.
  for (let times = 0; times < 4; times++) {
    await page.locator('#results-map .leaflet-control-zoom-in').click();
    await page.waitForTimeout(400);
  }
  const zoomed = await markersOf(page);
  expect(overlapping(zoomed)).toEqual([]);
  expect(zoomed.length).toBeGreaterThan(atFirst.length);
  await expectNoAxeViolationsAtBothWidths(page);
  expect(problems).toEqual([]);
  await context.close();
});
