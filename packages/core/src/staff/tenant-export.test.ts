import { csvBom } from './post-csv.js';
import { tenantExportFiles } from './tenant-export.js';
import { courbevoieTenant, publishedPostRecord } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant();
const now = new Date('2026-12-06T10:00:00Z');
const post = publishedPostRecord(tenant, { content: { ...publishedPostRecord(tenant).content!, title: '=cmd|calc' } });
const listing = { id: 'l1', name: 'Ferme; "des Prés"', zone: { radiusKm: 12 }, paused: false, version: 2 };
const day = { day: '2026-03-02', counts: { 'posts.created': 4 } };

const byName = (files: { name: string; text: string }[]) => Object.fromEntries(files.map((file) => [file.name, file.text]));

test('every record as JSON, and each family as a CSV French Excel opens: the posts in the staff export’s columns, with personal data', () => {
  const files = byName(tenantExportFiles(tenant, { STATS: [day], POST: [{ ...post }], LISTING: [listing] }, now));
  expect(Object.keys(files)).toEqual(['courbevoie.json', 'listing.csv', 'posts.csv', 'stats.csv']);
  expect(JSON.parse(files['courbevoie.json']!)).toEqual({
    tenant: { id: 'courbevoie', name: tenant.name },
    exportedAt: '2026-12-06T10:00:00.000Z',
    families: { LISTING: [listing], POST: [post], STATS: [day] },
  });
  const posts = files['posts.csv']!.split('\r\n');
  expect(posts[0]).toMatch(new RegExp(`^${csvBom}identifiant;.*;titre;description;nom de l’auteur;e-mail de l’auteur;`));
  // The author's own words can never run in a spreadsheet.
  expect(posts[1]).toMatch(/^post000001;.*;'=cmd\|calc;Au marché\.;Ana;ana@example\.org;48\.899;2\.254;/);
  expect(files['listing.csv']).toBe(`${csvBom}id;name;zone;paused;version\r\nl1;"Ferme; ""des Prés""";"{""radiusKm"":12}";false;2\r\n`);
  expect(files['stats.csv']).toBe(`${csvBom}day;counts\r\n2026-03-02;"{""posts.created"":4}"\r\n`);
});

test('a tenant with no records gets its JSON with no family, and no CSV', () => {
  expect(tenantExportFiles(tenant, {}, now).map((file) => file.name)).toEqual(['courbevoie.json']);
});
