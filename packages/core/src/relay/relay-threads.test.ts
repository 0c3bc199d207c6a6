import { conversationThreadKey, threadRecorder } from './relay-threads.js';
import { relayWithContact } from '../../../../test/support/relay-fakes.js';

const resident = 'bob@example.org';

/** A conversation whose every mail, once "sent", gets the Message-ID the mail sender reports: `<n@ses.example>`. */
async function setup() {
  const { tenant, relayStore, mailer, post, conversation, reply } = await relayWithContact({ resident: { name: 'Bob', email: resident } });
  const record = threadRecorder(relayStore, tenant.id);
  let delivered = 0;
  /** What the mail sender does after SES accepted each mail sent so far. */
  const deliver = async () => {
    for (const mail of mailer.sent.slice(delivered)) await record(mail.threadKey!, `<${++delivered}@ses.example>`);
  };
  await deliver();
  return { relayStore, mailer, conversation, author: post.content!.author.email, deliver, reply, record };
}

describe('threading a conversation', () => {
  it('every mail to a party answers the last Message-ID that party received, and names the ones before', async () => {
    const { mailer, conversation, author, deliver, reply } = await setup();
    // 1: the first message to the author, 2: the resident's copy.
    expect(mailer.sent.map((mail) => [mail.to, mail.inReplyTo])).toEqual([
      [author, undefined],
      [resident, undefined],
    ]);
    await reply(author, conversation.authorAlias, 'Avec plaisir.'); // 3: to the resident
    await deliver();
    expect(mailer.sent[2]).toMatchObject({ to: resident, inReplyTo: '<2@ses.example>', references: ['<2@ses.example>'] });
    await reply(resident, conversation.residentAlias, 'Merci !'); // 4: to the author
    await deliver();
    expect(mailer.sent[3]).toMatchObject({ to: author, inReplyTo: '<1@ses.example>', references: ['<1@ses.example>'] });
    await reply(author, conversation.authorAlias, 'À jeudi.'); // 5: to the resident
    expect(mailer.sent[4]).toMatchObject({
      to: resident,
      inReplyTo: '<3@ses.example>',
      references: ['<2@ses.example>', '<3@ses.example>'],
      threadKey: conversationThreadKey(conversation, 'resident'),
    });
  });

  it('never names to a party an id the other one received, nor any header of the reply', async () => {
    const { mailer, conversation, author, deliver, reply } = await setup();
    await reply(author, conversation.authorAlias, 'Avec plaisir.');
    await deliver();
    await reply(resident, conversation.residentAlias, 'Merci !');
    const toAuthor = mailer.sent.filter((mail) => mail.to === author);
    const toResident = mailer.sent.filter((mail) => mail.to === resident);
    const namedTo = (mails: typeof toAuthor) => mails.flatMap((mail) => [mail.inReplyTo, ...(mail.references ?? [])]).filter(Boolean);
    expect(namedTo(toAuthor)).toEqual(['<1@ses.example>', '<1@ses.example>']);
    expect(namedTo(toResident)).toEqual(['<2@ses.example>', '<2@ses.example>']);
  });

  it('records a Message-ID once, keeps the last ten, and ignores a key or id that is not one of ours', async () => {
    const { relayStore, conversation, record } = await setup();
    const key = conversationThreadKey(conversation, 'author');
    await record(key, '<1@ses.example>');
    for (let n = 10; n < 25; n++) await record(key, `<${n}@ses.example>`);
    await record('post/../other/author', '<x@ses.example>');
    await record(key, 'not a message id');
    const received = relayStore.conversations.get(`${conversation.postId}/${conversation.residentKey}`)!.messageIds!.author!;
    expect(received).toEqual(Array.from({ length: 10 }, (_, index) => `<${15 + index}@ses.example>`));
  });
});
