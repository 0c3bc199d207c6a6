import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { menuPages } from '../src/menu.js';
import { messagesFr } from '../src/messages-fr.js';
import { sitePages, type SitePage } from './pages.js';

/** Where `npm start` serves the site from and CDK uploads it from: `<siteRoot>/dist`. */
export const siteOutDir = (siteRoot: string): string => join(siteRoot, 'dist');

/** What the pages read at run time (`/site-config.json`): set per deployment, not per build of the code. */
export interface SiteRuntimeConfig {
  /** A tile server (`https://tiles.example/{z}/{x}/{y}.png`), or null: the map then draws without tiles. */
  tileUrl: string | null;
  tileAttribution: string;
  /** `stand-in`: a small local list of addresses (offline, tests); `ban`: the national address service (France). */
  geocoder: 'stand-in' | 'ban';
}

export const defaultRuntimeConfig: SiteRuntimeConfig = { tileUrl: null, tileAttribution: '', geocoder: 'stand-in' };

/** A page's JavaScript before its first render (its script and the chunks it imports at once), Leaflet and later chunks apart. */
export interface PageSize {
  file: string;
  script: string;
  bytes: number;
  gzipBytes: number;
}

export interface BuildSiteOptions {
  /** `packages/site` (callers know it: this file runs both as ESM and, in jest, as CommonJS). */
  siteRoot: string;
  outDir?: string;
  runtimeConfig?: SiteRuntimeConfig;
}

/**
 * The header's boxes, in French: the brand, a line for the tenant's name, the language switch and,
 * under a tenant, the menu (relative links: every tenant page lives in `/t/<tenant>/`). The page's
 * script only fills them (layout.ts's `frame`: the tenant's name, the reader's language, the
 * current page), so nothing below the header moves when it runs: a header that grew from one line
 * to four pushed the whole page down on every load (Lighthouse's cumulative layout shift 0.84–0.95
 * on a phone).
 */
function headerSkeleton(page: SitePage): string {
  const underTenant = page.entry !== 'home';
  const bar = `<div class="bar"><p class="brand"><a href="/">Entraide</a>${underTenant ? '<span class="tenant-name">&nbsp;</span>' : ''}</p><button type="button" class="lang-switch" lang="en" aria-label="${messagesFr['nav.otherLangLabel']}">${messagesFr['nav.otherLang']}</button></div>`;
  if (!underTenant) return bar;
  const links = menuPages.map(([file, label]) => `<li><a href="${file || './'}">${messagesFr[label]}</a></li>`);
  return `${bar}<nav aria-label="${messagesFr['nav.label']}"><ul>${links.join('')}</ul></nav>`;
}

/**
 * The HTML shell of a page: no inline script or style, so the strict CSP holds; the script renders
 * the rest. `chunks` are the chunks its script imports before its first render: named here
 * (modulepreload), the browser fetches them beside the script instead of after it, a round trip
 * sooner on a phone's network.
 */
function shell(page: SitePage, chunks: string[]): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<meta name="description" content="${page.description}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/style.css">
<script type="module" src="/${page.entry}.js"></script>
${chunks.map((chunk) => `<link rel="modulepreload" href="/${chunk}">`).join('\n')}
</head>
<body data-page="${page.entry}">
<a class="skip" href="#contenu">Aller au contenu</a>
<header id="entete">${headerSkeleton(page)}</header>
<main id="contenu" tabindex="-1">
<h1>${page.title}</h1>
<p class="loading">Chargement…</p>
<noscript><p>Ce site a besoin de JavaScript. Vous pouvez aussi appeler votre mairie.</p></noscript>
</main>
<footer id="pied"></footer>
</body>
</html>
`;
}

/**
 * Builds the static site: one HTML shell and one minified script per page, the stylesheet,
 * Leaflet (loaded apart, after the first render) and the runtime config. Returns each page's
 * script size, gzipped, which the budget (≤ 60 KB a page, the map library apart) is about.
 */
export function buildSite(options: BuildSiteOptions): PageSize[] {
  const { siteRoot } = options;
  const outDir = options.outDir ?? siteOutDir(siteRoot);
  const resolveFromSite = createRequire(join(siteRoot, 'package.json'));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // Synchronous, so the CDK app (synchronous) builds the site it uploads.
  const { metafile } = buildSync({
    entryPoints: Object.fromEntries(sitePages.map((page) => [page.entry, join(siteRoot, 'src', 'pages', `${page.entry}.ts`)])),
    outdir: outDir,
    bundle: true,
    minify: true,
    // ES modules split in chunks: what a page needs later (core's schemas, when a form is sent) is
    // a chunk of its own, loaded then; chunks are named by their content, so browsers keep them.
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    legalComments: 'none',
    logLevel: 'warning',
    // Leaflet is loaded as its own file (window.L): only its types are imported.
    // Core's schemas come from `@entraide/core/schemas`, which reaches no Node built-in.
    external: ['leaflet'],
  });
  // What a page loads before its first render: its script and the chunks it imports statically.
  const outputs = metafile.outputs;
  const firstLoad = (output: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(output)) return seen;
    seen.add(output);
    for (const imported of outputs[output]?.imports ?? []) if (imported.kind === 'import-statement') firstLoad(imported.path, seen);
    return seen;
  };
  const outputOf = (entry: string) => Object.keys(outputs).find((output) => output.endsWith(`/${entry}.js`)) ?? `${entry}.js`;
  for (const page of sitePages) {
    const chunks = [...firstLoad(outputOf(page.entry))].map((output) => basename(output)).filter((file) => file !== `${page.entry}.js`);
    writeFileSync(join(outDir, page.file), shell(page, chunks));
  }
  copyFileSync(join(siteRoot, 'src', 'style.css'), join(outDir, 'style.css'));
  copyFileSync(join(siteRoot, 'src', 'geocoder-stand-in.json'), join(outDir, 'geocoder-stand-in.json'));
  copyFileSync(join(siteRoot, 'src', 'favicon.svg'), join(outDir, 'favicon.svg'));
  const leafletDist = dirname(resolveFromSite.resolve('leaflet/dist/leaflet.js'));
  copyFileSync(join(leafletDist, 'leaflet.js'), join(outDir, 'leaflet.js'));
  copyFileSync(join(leafletDist, 'leaflet.css'), join(outDir, 'leaflet.css'));
  writeFileSync(join(outDir, 'site-config.json'), JSON.stringify(options.runtimeConfig ?? defaultRuntimeConfig));
  return sitePages.map((page) => {
    const files = [...firstLoad(outputOf(page.entry))].map((output) => readFileSync(output));
    const bytes = files.reduce((total, body) => total + body.length, 0);
    const gzipBytes = files.reduce((total, body) => total + gzipSync(body).length, 0);
    return { file: page.file, script: `${page.entry}.js`, bytes, gzipBytes };
  });
}

/** Per page budget for its own JavaScript, gzipped (Leaflet apart). */
export const pageScriptBudgetBytes = 60 * 1024;

/** The newest modification time of the files under `directory`. */
function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm start`'s build: skipped when `dist/` is newer than every source it comes from (the site's
 * sources and core's shared schemas), so a warm start does not pay for it.
 */
export function buildSiteIfStale(siteRoot: string): 'built' | 'fresh' {
  const outDir = siteOutDir(siteRoot);
  const stamp = join(outDir, 'site-config.json');
  if (existsSync(stamp)) {
    const sources = Math.max(...[join(siteRoot, 'src'), join(siteRoot, 'build'), join(siteRoot, '..', 'core', 'src')].map(newestChange));
    if (statSync(stamp).mtimeMs > sources) return 'fresh';
  }
  buildSite({ siteRoot });
  return 'built';
}
