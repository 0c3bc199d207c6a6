import type { PostRecord } from '../posts/index.js';
import { parseInput } from '../shared/index.js';
import type { StaffSession } from './ports.js';
import { maxPostsReadPerSearch, staffPostSearchService, staffPostsQuerySchema } from './staff-post-search.js';
import { FixedClock, MemoryPostStore, MemoryStaffPostQueries } from '../../../../test/support/core-fakes.js';
import { refusal } from '../../../../test/support/refusal.js';
import { courbevoieTenant, publishedPostRecord } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant({ sections: [{ id: 'paques', title: { fr: 'Pâques', en: 'Easter' } }] });
const session: StaffSession = { tenantId: tenant.id, email: 'staff@courbevoie.example', role: 'staff', expiresAt: new Date('2030-01-01') };

let created = 0;
function post(overrides: Partial<PostRecord> & { title?: string; description?: string } = {}): PostRecord {
  const { title = 'Courses pour ma voisine', description = 'Le mardi matin.', ...rest } = overrides;
  created++;
  const at = new Date(Date.parse('2025-02-01T09:00:00.000Z') + created * 60_000).toISOString();
  const { content } = publishedPostRecord(tenant);
  return publishedPostRecord(tenant, {
    id: `post${String(created).padStart(6, '0')}`,
    kind: 'request',
    content: { ...content!, title, description },
    createdAt: at,
    ...rest,
  });
}

async function setup(posts: PostRecord[]) {
  const store = new MemoryPostStore();
  for (const record of posts) await store.insert(record);
  const staffPosts = new MemoryStaffPostQueries(store);
  const clock = new FixedClock();
  return { staffPosts, clock, search: staffPostSearchService({ tenant, clock, staffPosts }) };
}

const query = (raw: Record<string, string>) => parseInput(staffPostsQuerySchema, raw, 'query');

describe('staff find any post of their tenant', () => {
  it('finds posts by words of the title or description, whatever the accents and case, every status', async () => {
    const creche = post({ title: 'Garde à la crèche', description: 'Le MERCREDI après-midi', kind: 'offer', category: 'childcare' });
    const closed = post({ title: 'Crèche du quartier', status: 'closed', closedReason: 'fulfilled' });
    const other = post({ title: 'Médicaments', description: 'Pharmacie du marché' });
    const deleted = post({ status: 'deleted', content: null });
    const { search } = await setup([creche, closed, other, deleted]);

    const ids = async (raw: Record<string, string>) => (await search.search(session, query(raw))).items.map((item) => item.id);
    expect(await ids({ q: 'creche' })).toEqual([closed.id, creche.id]);
    expect(await ids({ q: 'CRÈCHE mercredi' })).toEqual([creche.id]);
    expect(await ids({ q: 'pharmacie' })).toEqual([other.id]);
    expect(await ids({ q: 'crèche', status: 'closed' })).toEqual([closed.id]);
    expect(await ids({ kind: 'offer' })).toEqual([creche.id]);
    expect(await ids({ category: 'childcare' })).toEqual([creche.id]);
    expect(await ids({ status: 'deleted' })).toEqual([deleted.id]);
    // No filter: every post, newest first, the deleted one without its content.
    expect(await ids({})).toEqual([deleted.id, other.id, closed.id, creche.id]);
  });

  it('tells an expired post from a published one, and filters on the section and the creation day', async () => {
    const expired = post({ expiresAt: '2025-03-01T09:00:00.000Z', section: 'paques' });
    const live = post({ section: 'paques' });
    const { search } = await setup([expired, live, post()]);
    const found = await search.search(session, query({ status: 'expired' }));
    expect(found.items.map((item) => [item.id, item.status])).toEqual([[expired.id, 'expired']]);
    expect((await search.search(session, query({ status: 'published', section: 'paques' }))).items.map((item) => item.id)).toEqual([
      live.id,
    ]);
    expect((await search.search(session, query({ from: '2025-02-02' }))).items).toEqual([]);
    expect((await search.search(session, query({ from: '2025-02-01', to: '2025-02-01' }))).items).toHaveLength(3);
  });

  it('reads a bounded number of posts per request, and the cursor goes on with no post twice nor missed', async () => {
    const posts = Array.from({ length: maxPostsReadPerSearch + 150 }, (_, i) =>
      post(i % 100 === 0 ? { title: `Aide aux devoirs n° ${i}` } : { title: `Courses n° ${i}` }),
    );
    const { search, staffPosts } = await setup(posts);
    const seen: string[] = [];
    let cursor: string | undefined;
    let requests = 0;
    do {
      staffPosts.read = 0;
      const page = await search.search(session, query({ q: 'devoirs', limit: '2', ...(cursor ? { cursor } : {}) }));
      expect(staffPosts.read).toBeLessThanOrEqual(maxPostsReadPerSearch);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      requests++;
    } while (cursor && requests < 50);
    const expected = posts
      .filter((_, i) => i % 100 === 0)
      .map((p) => p.id)
      .reverse();
    expect(seen).toEqual(expected);
  });

  it('answers 400 naming the parameter to a bad filter', async () => {
    const { search } = await setup([]);
    const paths = (raw: Record<string, string>) =>
      refusal(async () => search.search(session, query(raw))).then((error) => [error.status, error.details.map((detail) => detail.path)]);
    expect(await paths({ status: 'lost' })).toEqual([400, ['query.status']]);
    expect(await paths({ kind: 'gift' })).toEqual([400, ['query.kind']]);
    expect(await paths({ q: 'a' })).toEqual([400, ['query.q']]);
    expect(await paths({ q: 'x'.repeat(101) })).toEqual([400, ['query.q']]);
    expect(await paths({ from: '2025-13-01' })).toEqual([400, ['query.from']]);
    expect(await paths({ section: 'noel' })).toEqual([400, ['query.section']]);
    expect(await paths({ tenant: 'paris' })).toEqual([400, ['query.tenant']]);
  });
});
