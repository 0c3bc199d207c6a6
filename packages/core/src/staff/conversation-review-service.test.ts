import type { DomainError } from '../shared/index.js';
import type { ActivityCounter } from '../stats/index.js';
import { conversationId, conversationReviewService } from './conversation-review-service.js';
import type { StaffSession } from './ports.js';
import { relayWithContact } from '../../../../test/support/relay-fakes.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant();
const session: StaffSession = { tenantId: tenant.id, email: 'staff@courbevoie.example', role: 'staff', expiresAt: new Date('2030-01-01') };
const author = 'ana@example.org';
const resident = 'bob@example.org';

async function setup() {
  const counted: Record<string, number> = {};
  const stats: ActivityCounter = {
    count: async (_tenantId, _day, counts) => {
      for (const [name, n] of Object.entries(counts)) counted[name] = (counted[name] ?? 0) + n;
    },
  };
  const { relay, relayStore, store, mailer, clock, post, conversation, reply } = await relayWithContact({
    resident: { name: 'Bob <b>', email: resident },
    stats,
  });
  // The author reports the conversation from the relayed mail.
  await relay.reportConversation(post.id, conversation.authorAlias, { sourceIp: '192.0.2.9' });
  const review = conversationReviewService({ tenant, clock, store, relayStore, stats });
  return { relay, review, relayStore, mailer, counted, conversation, post, reply };
}

describe('reported conversations, for staff', () => {
  it('lists a reported conversation with its post and who reported it, and no address', async () => {
    const { review, conversation, post } = await setup();
    const page = await review.listReported(session, {});
    expect(page).toEqual({
      items: [
        {
          id: conversationId(post.id, conversation.residentKey),
          postId: post.id,
          postTitle: 'Courses le samedi',
          postStatus: 'published',
          reportedBy: 'author',
          reportedAt: expect.any(String),
          residentName: 'Bob <b>',
          startedAt: conversation.createdAt,
          closedAt: null,
          closedBy: null,
        },
      ],
      nextCursor: null,
    });
    expect(JSON.stringify(page)).not.toContain('@');
  });

  it('closes it: neither alias relays any more, the contact form refuses it, and it leaves the list', async () => {
    const { review, relay, conversation, post, reply, mailer, counted } = await setup();
    expect((await reply(author, conversation.authorAlias)).delivered).toBe(1);
    const closed = await review.close(session, conversationId(post.id, conversation.residentKey));
    expect(closed).toMatchObject({ closedAt: expect.any(String), closedBy: 'staff@courbevoie.example' });

    const sent = mailer.sent.length;
    expect(await reply(author, conversation.authorAlias)).toEqual({ delivered: 0, dropped: ['no_such_alias'] });
    expect(await reply(resident, conversation.residentAlias)).toEqual({ delivered: 0, dropped: ['no_such_alias'] });
    const again = await relay
      .contact(post.id, { name: 'Bob', email: resident, message: 'Re-bonjour' }, { sourceIp: '192.0.2.1' })
      .catch((error: DomainError) => error);
    expect(again).toMatchObject({ status: 403, code: 'conversation_closed' });
    expect(mailer.sent.length).toBe(sent);
    expect((await review.listReported(session, {})).items).toEqual([]);
    expect(counted['relay.closed']).toBe(1);
  });

  it('finishes a close that failed halfway when staff close it again, counted once', async () => {
    const { review, relayStore, conversation, post, reply, counted } = await setup();
    const id = conversationId(post.id, conversation.residentKey);
    relayStore.failNext = 'unlistReports';
    await expect(review.close(session, id)).rejects.toThrow('did not answer');
    // Already closed by the first write: nothing relays, and the list shows it closed.
    expect((await reply(author, conversation.authorAlias)).delivered).toBe(0);
    expect((await review.listReported(session, {})).items.map((item) => item.closedAt)).toEqual([expect.any(String)]);
    await review.close(session, id);
    expect((await review.listReported(session, {})).items).toEqual([]);
    expect(counted['relay.closed']).toBe(1);
  });

  it('answers 404 to an id that is not a conversation of this tenant', async () => {
    const { review, post } = await setup();
    for (const id of ['post000001', `${post.id}${'0'.repeat(32)}`, 'x'.repeat(64)]) {
      await expect(review.close(session, id)).rejects.toMatchObject({ status: 404 });
    }
  });
});
