import { postService } from '../posts/index.js';
import { hashSecret, type RateLimiter } from '../shared/index.js';
import { erasingConversations } from './relay-retention.js';
import { relayService } from './relay-service.js';
import { CapturingMailer, FixedClock, MemoryPostStore, MemoryRelayStore, SequenceRandom } from '../../../../test/support/core-fakes.js';
import { courbevoieTenant, publishedPostRecord } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant();
const unlimited: RateLimiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
const authorToken = 'secret-author-token-0123456789abcdef';

async function setup() {
  const store = new MemoryPostStore();
  const relayStore = new MemoryRelayStore();
  const base = {
    tenant,
    store,
    relayStore,
    mailer: new CapturingMailer(),
    clock: new FixedClock(),
    random: new SequenceRandom(),
    rateLimiter: unlimited,
    siteUrl: 'https://entraide.example',
    relayDomain: 'relay.entraide.example',
  };
  const post = publishedPostRecord(tenant, { createdAt: base.clock.now().toISOString(), tokenHash: hashSecret(authorToken) });
  await store.insert(post);
  const relay = relayService(base);
  for (const [name, email] of [
    ['Bob', 'bob@example.org'],
    ['Chloé', 'chloe@example.net'],
  ] as const) {
    await relay.contact(post.id, { name, email, message: 'Je peux aider.' }, { sourceIp: '192.0.2.1' });
  }
  const [first] = relayStore.conversations.values();
  await relay.reportConversation(post.id, first!.authorAlias, { sourceIp: '192.0.2.9' });
  const posts = postService(erasingConversations({ ...base, publication: { postPublished: async () => undefined } }));
  return { posts, relayStore, store, post };
}

describe('a deleted post takes its conversations with it', () => {
  it('erases every conversation, alias and report of the post, with the author’s data', async () => {
    const { posts, relayStore, store, post } = await setup();
    expect(relayStore.conversations.size).toBe(2);
    await posts.remove(post.id, authorToken);
    expect(store.stored(post.id)).toMatchObject({ status: 'deleted', content: null });
    expect(relayStore.conversations.size).toBe(0);
    expect(relayStore.aliases.size).toBe(0);
    expect(relayStore.reports.size).toBe(0);
  });

  it('leaves the post in place when the erasure fails halfway; deleting again finishes it', async () => {
    const { posts, relayStore, store, post } = await setup();
    relayStore.failNext = 'eraseConversation';
    await expect(posts.remove(post.id, authorToken)).rejects.toThrow('did not answer');
    expect(store.stored(post.id).status).toBe('published');
    await posts.remove(post.id, authorToken);
    expect(store.stored(post.id).status).toBe('deleted');
    expect([relayStore.conversations.size, relayStore.aliases.size, relayStore.reports.size]).toEqual([0, 0, 0]);
  });

  it('erases nothing for a wrong token', async () => {
    const { posts, relayStore, post } = await setup();
    await expect(posts.remove(post.id, 'not-the-author-token-0123456789')).rejects.toMatchObject({ status: 403 });
    expect(relayStore.conversations.size).toBe(2);
  });
});
