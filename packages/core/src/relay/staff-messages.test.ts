import { relayWithContact } from '../../../../test/support/relay-fakes.js';
import { MemoryStatsStore } from '../../../../test/support/core-fakes.js';
import { publishedPostRecord } from '../../../../test/support/tenants.js';
import { conversationErasure } from './relay-retention.js';

const mailbox = 'staff@courbevoie.example';
const message = { message: 'Bonjour, votre annonce contient votre numéro : pouvez-vous le retirer ?' };

async function setup() {
  const stats = new MemoryStatsStore();
  const relay = await relayWithContact({ resident: { name: 'Bob', email: 'bob@example.org' }, stats });
  const sentBefore = relay.mailer.sent.length;
  const countsBefore = stats.totals(relay.tenant.id);
  return { ...relay, stats, sentBefore, countsBefore };
}

describe('staff write to a post’s author through the relay', () => {
  it('the author’s reply to a hidden post reaches the team’s mailbox; no connection is counted and no follow-up asked', async () => {
    const { relay, store, relayStore, mailer, tenant, stats, countsBefore, sentBefore } = await setup();
    const hidden = publishedPostRecord(tenant, { id: 'hiddenpost1', status: 'hidden' });
    await store.insert(hidden);
    await relay.writeFromStaff(hidden.id, message);
    const [toAuthor, copy] = mailer.sent.slice(sentBefore);
    expect(toAuthor).toMatchObject({ to: hidden.content!.author.email, fromName: 'Équipe Ville de Courbevoie' });
    expect(copy!.to).toBe(mailbox);
    expect(JSON.stringify(toAuthor)).not.toContain(mailbox);

    const outcome = await relay.receive({
      from: hidden.content!.author.email,
      recipients: [toAuthor!.replyTo!],
      subject: 'Re',
      text: 'Je le retire tout de suite.',
      attachmentCount: 0,
    });
    expect(outcome).toEqual({ delivered: 1, dropped: [] });
    const reply = mailer.sent.at(-1)!;
    expect(reply.to).toBe(mailbox);
    expect(reply.text).toContain('Je le retire tout de suite.');
    expect(JSON.stringify(reply)).not.toContain(hidden.content!.author.email);

    // The team answers from its mailbox, by mail, to the alias of its copy.
    const back = await relay.receive({ from: mailbox, recipients: [copy!.replyTo!], subject: 'Re', text: 'Merci !', attachmentCount: 0 });
    expect(back.delivered).toBe(1);
    expect(mailer.sent.at(-1)!.to).toBe(hidden.content!.author.email);

    const counts = stats.totals(tenant.id);
    expect(counts['relay.staff_messages']).toBe(1);
    expect(counts.connections).toBe(countsBefore.connections);
    expect(relayStore.followUps.has(hidden.id)).toBe(false);
  });

  it('a second message stays in the same conversation, and goes when the post is erased', async () => {
    const { relay, relayStore, mailer, post, tenant } = await setup();
    await relay.writeFromStaff(post.id, message);
    await relay.writeFromStaff(post.id, { message: 'Encore une question.' });
    const staffConversations = (await relayStore.conversationsOf(tenant.id, post.id)).filter((conversation) => conversation.withStaff);
    expect(staffConversations).toHaveLength(1);
    const replyTo = mailer.sent.filter((mail) => mail.to === post.content!.author.email).map((mail) => mail.replyTo);
    expect(replyTo.at(-1)).toBe(replyTo.at(-2));

    await conversationErasure({ tenant, relayStore }).postErasing(post);
    expect(await relayStore.conversationsOf(tenant.id, post.id)).toEqual([]);
    const late = await relay.receive({
      from: post.content!.author.email,
      recipients: [replyTo.at(-1)!],
      subject: 'Re',
      text: 'Encore',
      attachmentCount: 0,
    });
    expect(late.dropped).toEqual(['no_such_alias']);
  });

  it('refuses a post staff entered, one not verified, an unknown one, and a tenant without the relay; nothing is sent', async () => {
    const { relay, store, mailer, tenant, sentBefore } = await setup();
    await store.insert(publishedPostRecord(tenant, { id: 'byphone001', enteredByStaff: true }));
    await store.insert(publishedPostRecord(tenant, { id: 'unverified1', status: 'pending_verification' }));
    await expect(relay.writeFromStaff('byphone001', message)).rejects.toMatchObject({ status: 409, code: 'entered_by_staff' });
    await expect(relay.writeFromStaff('unverified1', message)).rejects.toMatchObject({ status: 409, code: 'invalid_status' });
    await expect(relay.writeFromStaff('nopenopenope', message)).rejects.toMatchObject({ status: 404 });
    tenant.features.contactRelay = false;
    await expect(relay.writeFromStaff('hiddenpost1', message)).rejects.toMatchObject({ status: 403, code: 'contact_disabled' });
    expect(mailer.sent.length).toBe(sentBefore);
  });
});
