import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { repositoryRoot, startTestPlatform, type TestPlatform } from '../support/platform.js';

/** Debian's Chromium (`apt-get install chromium`): playwright cannot download browsers here. */
const chromiumPaths = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPaths.find((path) => existsSync(path));
  if (!executablePath) throw new Error(`No Chromium at ${chromiumPaths.join(' or ')}: apt-get install -y --no-install-recommends chromium`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Every browser suite's setup: the local platform (with `startTestPlatform`'s options) and Chromium,
 * started together before the file's tests and stopped after them. Call it at the top of the file;
 * what it returns stands for the platform and the browser from its beforeAll on (a beforeAll
 * declared after it may use them), and throws if used before.
 */
export function useBrowserPlatform(options: Parameters<typeof startTestPlatform>[0] = {}): { platform: TestPlatform; browser: Browser } {
  let started: { platform: TestPlatform; browser: Browser } | undefined;
  beforeAll(async () => {
    const [platform, browser] = await Promise.allSettled([startTestPlatform({ s3Start: 'at-start', ...options }), launchChromium()]);
    if (platform.status === 'rejected' || browser.status === 'rejected') {
      if (platform.status === 'fulfilled') await platform.value.cleanUp();
      if (browser.status === 'fulfilled') await browser.value.close();
      throw platform.status === 'rejected' ? platform.reason : (browser as PromiseRejectedResult).reason;
    }
    started = { platform: platform.value, browser: browser.value };
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.platform.cleanUp();
  });
  const standIn = <Name extends 'platform' | 'browser'>(name: Name) =>
    new Proxy({} as { platform: TestPlatform; browser: Browser }[Name], {
      get(_target, key) {
        if (!started) throw new Error(`the ${name} is used before useBrowserPlatform's beforeAll has run`);
        const real = started[name];
        const value: unknown = Reflect.get(real, key);
        return typeof value === 'function' ? value.bind(real) : value;
      },
    });
  return { platform: standIn('platform'), browser: standIn('browser') };
}

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

/**
 * A page that records what must never happen: a script error, a refused resource (CSP), a
 * dialog (alert() from an injected payload).
 */
export interface WatchedPage {
  page: Page;
  problems: string[];
  dialogs: string[];
}

export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  // What the Content-Security-Policy refuses is a problem too, even when the page goes on (zod's
  // probe of `new Function` was one): the browser reports it, the page's own tests read it here.
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(
        `Content-Security-Policy refused ${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
      ),
    ),
  );
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, problems, dialogs };
}

const axeSource = readFileSync(join(repositoryRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core on the page as it is now (WCAG 2.0/2.1 A and AA rules, plus best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays as it is.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/** No axe violation at the desktop's width nor at the phone's; the page is left at the phone's. */
export async function expectNoAxeViolationsAtBothWidths(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize(viewports.desktop);
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize(viewports.phone);
}

const artifactsDir = join(repositoryRoot, 'test-artifacts', 'screenshots');

/** A full-page screenshot kept in test-artifacts/ (gitignored; CI keeps it as an artifact). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** Waits until the page's script has replaced "Chargement…" (the first render). */
export async function rendered(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('main .loading'));
}

/** Polls until `read()` satisfies `check` (the page updates after fetches), else fails with what it saw. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const matches = (text: string, expected: string | RegExp, whole: boolean) =>
  typeof expected === 'string' ? (whole ? text.trim() === expected : text.includes(expected)) : expected.test(text);

/** The element's visible text is `expected` (or contains it / matches it). */
export const expectText = (locator: Locator, expected: string | RegExp, options: { whole?: boolean } = {}) =>
  eventually(
    () => locator.first().innerText({ timeout: 1000 }),
    (text) => matches(text, expected, options.whole ?? false),
    `text ${String(expected)} in ${locator.toString()}`,
  );

export const expectVisible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 10_000 });

export const expectCount = (locator: Locator, check: (count: number) => boolean, what: string) =>
  eventually(() => locator.count(), check, what);

export const expectValue = (locator: Locator, expected: string) =>
  eventually(
    () => locator.inputValue({ timeout: 1000 }),
    (value) => value === expected,
    `value ${expected} in ${locator.toString()}`,
  );

export const expectAttribute = (locator: Locator, name: string, expected: string) =>
  eventually(
    () => locator.getAttribute(name, { timeout: 1000 }),
    (value) => value === expected,
    `${name}="${expected}" on ${locator.toString()}`,
  );

/** The link of the last mail to `email` pointing to `page`, on this platform. */
export async function mailedLink(on: TestPlatform, email: string, page: string): Promise<string> {
  const mail = (await on.outbox()).filter((sent) => sent.destination.to.includes(email)).at(-1);
  const url = new RegExp(`https?://\\S+/${page}\\?[^\\s"<]+`).exec(mail?.body.text ?? '')?.[0];
  if (!url) throw new Error(`no ${page} link in the last mail to ${email}`);
  return url.replace(/^https?:\/\/[^/]+/, on.url);
}

/** Asks for a sign-in link on the staff page and opens the one the mail holds. */
export async function signInAsStaff(page: Page, platform: TestPlatform, tenantId: string, email: string): Promise<void> {
  await page.goto(`${platform.url}/t/${tenantId}/equipe.html`);
  await rendered(page);
  await page.getByLabel('Adresse e-mail professionnelle').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await expectText(page.locator('#staff-status'), 'un lien de connexion vient d’être envoyé');
  const mail = (await platform.outbox()).filter((candidate) => candidate.destination.to.includes(email)).at(-1);
  const loginUrl = /https?:\/\/\S+\/equipe\.html\?token=[^\s"<]+/.exec(mail?.body.text ?? '')?.[0];
  if (!loginUrl) throw new Error(`no sign-in link in the mail to ${email}`);
  await page.goto(loginUrl.replace(/^https?:\/\/[^/]+/, platform.url));
  await rendered(page);
  await expectText(page.locator('main'), `Connecté(e) : ${email}`);
}
