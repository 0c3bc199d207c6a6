/**
 * The relay of the Courbevoie tenant on the in-memory ports, with one published post and one
 * resident's first contact: for unit tests of the relay and of what builds on it.
 */
import { relayService, type ActivityCounter } from '@entraide/core';
import { CapturingMailer, FixedClock, MemoryPostStore, MemoryRelayStore, SequenceRandom } from './core-fakes.js';
import { courbevoieTenant, publishedPostRecord } from './tenants.js';

export async function relayWithContact(options: { resident: { name: string; email: string }; stats?: ActivityCounter }) {
  const tenant = courbevoieTenant();
  const store = new MemoryPostStore();
  const relayStore = new MemoryRelayStore();
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const post = publishedPostRecord(tenant, { createdAt: clock.now().toISOString() });
  await store.insert(post);
  const relay = relayService({
    tenant,
    store,
    relayStore,
    ...(options.stats ? { stats: options.stats } : {}),
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) },
    siteUrl: 'https://entraide.example',
    relayDomain: 'relay.entraide.example',
  });
  await relay.contact(post.id, { ...options.resident, message: 'Bonjour, je peux aider.' }, { sourceIp: '192.0.2.1' });
  const [conversation] = relayStore.conversations.values();
  /** A reply by mail from `from` to the alias `alias`, as the inbound function hands it over. */
  const reply = (from: string, alias: string, text = 'Encore moi') =>
    relay.receive({ from, recipients: [`${alias}@courbevoie.relay.entraide.example`], subject: 'Re', text, attachmentCount: 0 });
  return { tenant, store, relayStore, mailer, clock, post, relay, conversation: conversation!, reply };
}
