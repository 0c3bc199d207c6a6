import { unmarshall } from '@aws-sdk/util-dynamodb';
import { sesMessageIdDomain } from '@entraide/ses-mailer';
import PostalMime from 'postal-mime';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { localRegion, type OutboxMail } from '../../packages/local/src/embedded-servers.js';
import { composeReply, hasControlCharacter, type ComposedReply } from '../support/mime.js';
import { deliverInbound, mailsTo, publishPost, rawMail, visibleToRecipient, type SesVerdicts } from '../support/relay.js';

/**
 * The contact relay end to end on the local platform (embedded DynamoDB and SES, the in-process
 * mail queue, `POST /_local/inbound-email`): two residents talk by plain email, and neither ever
 * sees the other's address.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

const courbevoie = { lat: 48.8975, lon: 2.2525 };
const ana = 'ana.martin@example.org';
const bob = 'bob.durand@example.net';

/** The alias that the last mail to `address` asks them to reply to. */
async function replyAliasOf(address: string): Promise<string> {
  const mail = mailsTo(await platform.outbox(), address).at(-1);
  expect(mail?.replyTo).toHaveLength(1);
  return mail!.replyTo[0]!;
}

async function dayCounters(tenantId: string): Promise<Record<string, number>> {
  const items = (await platform.tableItems(tenantId))
    .map((item) => unmarshall(item as never))
    .filter((item) => String(item.pk) === `T#${tenantId}#STATS` && String(item.sk).startsWith('DAY#'));
  const totals: Record<string, number> = {};
  for (const item of items)
    for (const [name, value] of Object.entries(item)) if (typeof value === 'number') totals[name] = (totals[name] ?? 0) + value;
  return totals;
}

describe('a conversation through the relay', () => {
  let postId: string;
  let authorToken: string;
  let aliasForAna: string;
  let aliasForBob: string;

  beforeAll(async () => {
    ({ postId, token: authorToken } = await publishPost(platform, 'courbevoie', ana, courbevoie));
  });

  it('first contact: 202, the author gets the message with an alias to reply to, the sender a copy with theirs', async () => {
    const before = (await platform.outbox()).length;
    const contact = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Bob', email: bob, message: 'Bonjour, je peux vous aider samedi.\nÉcrivez-moi : bob.durand@example.net' },
    });
    expect(contact.status).toBe(202);
    expect(contact.body).toEqual({ status: 'sent' });
    const sent = (await platform.outbox()).slice(before);
    expect(sent.map((mail) => mail.destination.to)).toEqual([[ana], [bob]]);
    aliasForAna = await replyAliasOf(ana);
    aliasForBob = await replyAliasOf(bob);
    // Long random tokens at the tenant's relay subdomain, one per party.
    expect(aliasForAna).toMatch(/^[a-z2-7]{32}@courbevoie\.relay\.entraide\.localhost$/);
    expect(aliasForBob).toMatch(/^[a-z2-7]{32}@courbevoie\.relay\.entraide\.localhost$/);
    expect(aliasForAna).not.toBe(aliasForBob);
    const toAna = sent[0]!;
    expect(toAna.body.text).toContain('Bonjour, je peux vous aider samedi.');
    expect(toAna.from).toMatch(/<ne-pas-repondre@entraide\.localhost>$/);
    expect(visibleToRecipient(toAna)).not.toContain(bob);
    expect(await dayCounters('courbevoie')).toMatchObject({ connections: 1 });
  });

  it('several turns both ways, then no mail shows either party the other’s address', async () => {
    const turns = [
      {
        from: ana,
        to: aliasForAna,
        text: `Merci Bob ! Samedi 10 h, ça vous va ?\n\nAna\nana.martin@example.org – 06 00 00 00 00\n\nLe lun. 3 mars 2025 à 10:00, Bob <${bob}> a écrit :\n> Bonjour, je peux vous aider samedi.`,
      },
      {
        from: bob,
        to: aliasForBob,
        text: `Parfait.\n\nLe 3 mars, Ana <ANA.MARTIN@example.org> a écrit :\n> Merci Bob !\n\n-- \nBob Durand\nmailto:bob.durand%40example.net`,
      },
      {
        from: ana,
        to: aliasForAna,
        text: 'Je laisse la liste devant la porte.',
        html: '<p>Je laisse la <b>liste</b> devant la porte.</p><p>De : Bob &lt;bob.durand@example.net&gt;</p>',
      },
      { from: bob, to: aliasForBob, text: 'C’est noté, à samedi.', attachment: { filename: 'liste.pdf', content: '%PDF-1.4 liste' } },
      {
        from: ana,
        to: aliasForAna,
        html: '<div>Merci encore !<br>Envoyé de mon téléphone</div><blockquote>From: Bob Durand &lt;bob.durand@example.net&gt;</blockquote>',
      },
      { from: bob, to: aliasForBob, text: 'Avec plaisir.' },
    ];
    for (const [index, turn] of turns.entries()) {
      const before = (await platform.outbox()).length;
      const delivered = await deliverInbound(platform, rawMail({ ...turn, subject: `Re: courses (${index + 1})` }));
      expect(delivered.status).toBe(200);
      expect(delivered.body).toMatchObject({ tenant: 'courbevoie', delivered: 1, dropped: [] });
      const sent = (await platform.outbox()).slice(before);
      const recipient = turn.from === ana ? bob : ana;
      expect(sent.map((mail) => mail.destination)).toEqual([{ to: [recipient], cc: [], bcc: [] }]);
      // The reply goes back through the alias of the one who receives it.
      expect(sent[0]!.replyTo).toEqual([recipient === bob ? aliasForBob : aliasForAna]);
      expect(sent[0]!.subject).toBe(`Re: courses (${index + 1})`);
    }
    const bobsMails = mailsTo(await platform.outbox(), bob);
    const anasMails = mailsTo(await platform.outbox(), ana).filter((mail) => !/Confirmez/.test(mail.subject));
    expect(bobsMails).toHaveLength(4); // the copy, and three replies
    expect(anasMails).toHaveLength(4); // the first message, and three replies
    for (const mail of bobsMails) expect(visibleToRecipient(mail).toLowerCase()).not.toContain(ana);
    for (const mail of anasMails) expect(visibleToRecipient(mail).toLowerCase()).not.toContain(bob);
    for (const mail of [...bobsMails, ...anasMails]) {
      expect(visibleToRecipient(mail)).not.toMatch(/a écrit :|^De : /m);
      expect(mail.from).not.toMatch(/example\.(org|net)/);
    }
    // What they wrote still arrives; files do not, and the recipient is told.
    const texts = [...bobsMails, ...anasMails].map((mail) => mail.body.text ?? '').join('\n');
    expect(texts).toContain('Samedi 10 h, ça vous va ?');
    expect(texts).toContain('Je laisse la liste devant la porte.');
    expect(texts).toContain('Merci encore !');
    expect(texts).toContain('1 pièce jointe non transmise');
    expect(JSON.stringify(await platform.outbox())).not.toContain('%PDF');
    expect(await dayCounters('courbevoie')).toMatchObject({ connections: 1, 'relay.messages': 6 });
  });

  it('a second message from the same resident through the form stays in the same conversation: no new connection', async () => {
    const again = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Bob', email: 'Bob.Durand@example.net', message: 'Encore moi.' },
    });
    expect(again.status).toBe(202);
    expect(await replyAliasOf(ana)).toBe(aliasForAna);
    expect(await dayCounters('courbevoie')).toMatchObject({ connections: 1 });
  });

  it('“report this message”: each relayed mail links to a report with its recipient’s own alias; the conversation is flagged to staff', async () => {
    const lastToBob = mailsTo(await platform.outbox(), bob).at(-1)!;
    const link = new URL(/https?:\/\/\S+\/signaler-message\.html\?\S+/.exec(lastToBob.body.text ?? '')![0]);
    expect(link.searchParams.get('post')).toBe(postId);
    expect(`${link.searchParams.get('alias')}@courbevoie.relay.entraide.localhost`).toBe(aliasForBob);
    const report = (alias: string) => platform.api('courbevoie', `/posts/${postId}/report-message`, { method: 'POST', body: { alias } });
    expect((await report(link.searchParams.get('alias')!)).status).toBe(202);
    expect((await report(link.searchParams.get('alias')!)).status).toBe(202);
    expect((await report('a'.repeat(32))).status).toBe(404);
    expect((await report('not-an-alias')).body.error.details[0].path).toBe('alias');
    const flags = (await platform.tableItems('courbevoie'))
      .map((item) => unmarshall(item as never))
      .filter((item) => item.gsi1pk === 'T#courbevoie#FLAGGED_CONVERSATIONS');
    expect(flags).toEqual([expect.objectContaining({ postId, reportedBy: 'resident' })]);
    expect((await dayCounters('courbevoie'))['relay.reports']).toBe(1);
  });

  it('mail to an alias from a third address is not delivered, and is counted', async () => {
    const before = (await platform.outbox()).length;
    const dropped = await deliverInbound(
      platform,
      rawMail({ from: 'eve@example.com', to: aliasForAna, subject: 'Coucou', text: 'Qui est là ?' }),
    );
    expect(dropped.body).toMatchObject({ delivered: 0, dropped: ['not_bound_party'] });
    // Nor from the other party writing to an alias that is not theirs.
    const crossed = await deliverInbound(platform, rawMail({ from: bob, to: aliasForAna, subject: 'Re', text: 'Hop' }));
    expect(crossed.body).toMatchObject({ delivered: 0, dropped: ['not_bound_party'] });
    expect((await platform.outbox()).length).toBe(before);
    expect((await dayCounters('courbevoie'))['relay.dropped.not_bound_party']).toBe(2);
  });

  it('an unknown alias and a dead one are dropped alike; after the post is closed nothing is delivered', async () => {
    const unknown = await deliverInbound(
      platform,
      rawMail({ from: bob, to: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@courbevoie.relay.entraide.localhost', subject: 'Re', text: 'Allô ?' }),
    );
    expect(unknown.body).toMatchObject({ delivered: 0, dropped: ['no_such_alias'] });
    const closed = await platform.api('courbevoie', `/posts/${postId}/close`, {
      method: 'POST',
      token: authorToken,
      body: { reason: 'fulfilled' },
    });
    expect(closed.status).toBe(200);
    const before = (await platform.outbox()).length;
    for (const [from, to] of [
      [bob, aliasForBob],
      [ana, aliasForAna],
    ] as const) {
      const dead = await deliverInbound(platform, rawMail({ from, to, subject: 'Re', text: 'Toujours là ?' }));
      expect(dead.body).toEqual(unknown.body);
    }
    expect((await platform.outbox()).length).toBe(before);
    expect(
      (await platform.api('courbevoie', `/posts/${postId}/contact`, { method: 'POST', body: { name: 'Bob', email: bob, message: 'Re' } }))
        .status,
    ).toBe(404);
  });

  it('deleting a post kills its aliases too', async () => {
    const { postId: otherPost, token } = await publishPost(
      platform,
      'courbevoie',
      'carla@example.org',
      courbevoie,
      'Garde d’enfants le mercredi',
    );
    await platform.api('courbevoie', `/posts/${otherPost}/contact`, {
      method: 'POST',
      body: { name: 'Dan', email: 'dan@example.net', message: 'Bonjour' },
    });
    const danAlias = await replyAliasOf('dan@example.net');
    expect((await platform.api('courbevoie', `/posts/${otherPost}`, { method: 'DELETE', token })).status).toBe(204);
    const before = (await platform.outbox()).length;
    expect(
      (await deliverInbound(platform, rawMail({ from: 'dan@example.net', to: danAlias, subject: 'Re', text: 'Allô' }))).body.delivered,
    ).toBe(0);
    expect((await platform.outbox()).length).toBe(before);
  });
});

describe('the contact form', () => {
  let postId: string;
  beforeAll(async () => {
    ({ postId } = await publishPost(platform, 'courbevoie', 'flore@example.org', courbevoie, 'Aide aux papiers'));
  });

  it('a name carrying a header (Eve\\r\\nBcc: …) reaches exactly one recipient, with no extra header', async () => {
    const before = (await platform.outbox()).length;
    const contact = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Eve\r\nBcc: x@evil.example', email: 'eve@example.net', message: 'Bonjour\r\nBcc: y@evil.example' },
    });
    expect(contact.status).toBe(202);
    const sent = (await platform.outbox()).slice(before);
    expect(sent.map((mail) => mail.destination)).toEqual([
      { to: ['flore@example.org'], cc: [], bcc: [] },
      { to: ['eve@example.net'], cc: [], bcc: [] },
    ]);
    for (const mail of sent) {
      for (const header of [mail.from, mail.subject, ...mail.replyTo]) expect(header).not.toMatch(/[\r\n]|evil\.example/);
      expect(mail.replyTo).toHaveLength(1);
    }
    expect(JSON.stringify(await platform.outbox())).not.toMatch(/"[xy]@evil\.example"/);
  });

  it('the honeypot: a bot is told 202 and nothing is sent', async () => {
    const before = (await platform.outbox()).length;
    const bot = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Bot', email: 'bot@example.net', message: 'Buy now', website: 'https://spam.example' },
    });
    expect(bot.status).toBe(202);
    expect((await platform.outbox()).length).toBe(before);
  });

  it('bad input → 400 naming each field; unknown post → 404; nothing sent', async () => {
    const before = (await platform.outbox()).length;
    const bad = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: '', email: 'pas-une-adresse', message: '', admin: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['admin', 'email', 'message', 'name']);
    expect(
      (
        await platform.api('courbevoie', '/posts/nosuchpost1/contact', {
          method: 'POST',
          body: { name: 'A', email: 'a@example.net', message: 'B' },
        })
      ).status,
    ).toBe(404);
    expect((await platform.outbox()).length).toBe(before);
  });

  it('the local queue is readable per tenant, and empty once everything is sent', async () => {
    const queue = await fetch(`${platform.url}/_local/mail-queue?tenant=courbevoie`);
    expect(await queue.json()).toEqual({ tenant: 'courbevoie', pending: [], deadLetters: [] });
    expect((await fetch(`${platform.url}/_local/mail-queue?tenant=atlantis`)).status).toBe(404);
  });

  it('a tenant with the relay off answers 403 contact_disabled', async () => {
    const refused = await platform.api('deux-sevres', '/posts/anypost0001/contact', {
      method: 'POST',
      body: { name: 'A', email: 'a@example.net', message: 'B' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('contact_disabled');
  });
});

describe('replies as real mail clients write them (composed by a MIME library)', () => {
  const carla = 'carla.petit@example.org';
  const dan = 'dan.moreau@example.net';
  let aliasForCarla: string;

  beforeAll(async () => {
    const { postId } = await publishPost(platform, 'courbevoie', carla, courbevoie, 'Je garde vos chats');
    const contact = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Dan', email: dan, message: 'Bonjour, pouvez-vous garder Minou ?' },
    });
    if (contact.status !== 202) throw new Error(`contact: ${contact.status}`);
    aliasForCarla = await replyAliasOf(carla);
  });

  /** Carla's reply, composed by the MIME library, relayed: the one mail Dan receives. */
  async function relayToDan(reply: Omit<ComposedReply, 'from' | 'to' | 'subject'>): Promise<OutboxMail> {
    const before = (await platform.outbox()).length;
    const delivered = await deliverInbound(
      platform,
      await composeReply({ from: `Carla <${carla}>`, to: aliasForCarla, subject: 'Re: Minou', ...reply }),
    );
    expect(delivered.body).toMatchObject({ delivered: 1, dropped: [] });
    const sent = (await platform.outbox()).slice(before);
    expect(sent.map((mail) => mail.destination.to)).toEqual([[dan]]);
    return sent[0]!;
  }

  const words = 'C’est d’accord : 5 € la journée – les œufs… « à samedi » “Minou”';
  it.each([
    ['UTF-8, quoted-printable', { charset: 'utf-8', transferEncoding: 'quoted-printable' }],
    ['UTF-8, base64', { charset: 'utf-8', transferEncoding: 'base64' }],
    ['windows-1252 (Outlook)', { charset: 'windows-1252', transferEncoding: 'quoted-printable' }],
    ['windows-1252 bytes labelled ISO-8859-1', { charset: 'iso-8859-1', bytesIn: 'windows-1252', transferEncoding: '8bit' }],
  ] as const)('a reply in %s: the other party reads exactly the words written', async (_what, encoding) => {
    const mail = await relayToDan({ text: words, ...encoding });
    expect(mail.body.text?.split('\n')[0]).toBe(words);
    expect(mail.body.html).toContain(`<p>${words}</p>`);
    expect(hasControlCharacter(`${mail.subject}${mail.body.text}${mail.body.html}`)).toBe(false);
  });

  it('a reply in ISO-8859-1', async () => {
    const latin1 = 'Reçu, à samedi : « été » ½';
    const mail = await relayToDan({ text: latin1, charset: 'iso-8859-1' });
    expect(mail.body.text?.split('\n')[0]).toBe(latin1);
  });

  it('an HTML-only reply with named, decimal and hex entities: decoded once, escaped once', async () => {
    const mail = await relayToDan({
      html: '<div>Bien re&ccedil;u, c&rsquo;est 5&nbsp;&euro; &amp; l&#xE9;t&#233;&hellip; &lt;b&gt;</div>',
      charset: 'windows-1252',
    });
    expect(mail.body.text?.split('\n')[0]).toBe('Bien reçu, c’est 5 € & lété… <b>');
    expect(mail.body.html).toContain('<p>Bien reçu, c’est 5 € &amp; lété… &lt;b&gt;</p>');
    expect(mail.body.html).not.toMatch(/&amp;(amp|lt|gt|rsquo|euro|#)/);
  });

  it('a line of her own that starts with “Date :” is kept; the quoted header lines are not', async () => {
    const mail = await relayToDan({
      text: `Date : samedi 12 décembre\nÀ : 10 h devant la mairie\n\nLe ven. 11 déc. 2026, Dan <${dan}> a écrit :\n> Date : quand ?\n> Merci`,
    });
    expect(mail.body.text).toMatch(/^Date : samedi 12 décembre\nÀ : 10 h devant la mairie\n\n> Merci\n/);
  });

  it('a 200 KB thread whose cut falls inside an address: no fragment of either address, and a note says it was shortened', async () => {
    const quotedLine = (turn: number) => `> (${turn}) Le 3 mars, Carla <${carla}> a écrit à Dan <${dan}> :\n`;
    const threadOf = (padding: number) => {
      let thread = `Oui, je garde Minou samedi.${' '.repeat(padding)}\n\n`;
      for (let turn = 0; thread.length < 200_000; turn++) thread += quotedLine(turn);
      return thread;
    };
    // The old cut (20,000 characters of the text as written) falls well inside one of the addresses.
    const at = 20_000;
    const insideAnAddress = (thread: string) => {
      const start = thread.lastIndexOf('<', at);
      const end = thread.indexOf('>', at);
      return [carla, dan].includes(thread.slice(start + 1, end)) && at - start > 5 && end - at > 5;
    };
    let padding = 0;
    while (!insideAnAddress(threadOf(padding))) padding++;
    const thread = threadOf(padding);
    const mail = await relayToDan({ text: thread, transferEncoding: 'base64' });
    // Everything Dan sees but his own address, where the mail is sent.
    const visible = visibleToRecipient({ ...mail, destination: { to: [], cc: [], bcc: [] } }).toLowerCase();
    for (const fragment of ['carla.', 'dan.m', '@example', 'example.org', 'example.net', 'petit@', 'moreau@'])
      expect(visible.includes(fragment) ? fragment : 'none').toBe('none');
    expect(mail.body.text).toContain('Oui, je garde Minou samedi.');
    expect(mail.body.text).toContain('Message raccourci');
    // Whole lines only: the last one kept ends where it was written.
    const kept = mail.body.text!.split('\n').filter((line) => line.startsWith('> ('));
    expect(kept.length).toBeGreaterThan(100);
    for (const line of kept)
      expect(line).toMatch(/^> \(\d+\) Le 3 mars, Carla <\[adresse masquée\]> a écrit à Dan <\[adresse masquée\]> :$/);
  });
});

describe('what no person wrote, and what SES refuses', () => {
  const eva = 'eva.roux@example.org';
  const leo = 'leo.blanc@example.net';
  let aliasForEva: string;
  let postId: string;

  beforeAll(async () => {
    ({ postId } = await publishPost(platform, 'courbevoie', eva, courbevoie, 'Je prête ma perceuse'));
    const contact = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Léo', email: leo, message: 'Bonjour, je peux l’emprunter samedi ?' },
    });
    if (contact.status !== 202) throw new Error(`contact: ${contact.status}`);
    aliasForEva = await replyAliasOf(eva);
  });

  const deliver = async (reply: Partial<ComposedReply>, verdicts: SesVerdicts = {}) =>
    deliverInbound(
      platform,
      await composeReply({ from: `Eva <${eva}>`, to: aliasForEva, subject: 'Re: perceuse', text: 'Oui, passez samedi.', ...reply }),
      verdicts,
    );
  const header = (mail: OutboxMail, name: string) => mail.headers?.find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.value;

  it('an out-of-office reply is not relayed: counted, and Léo gets one short notice a day, marked Auto-Submitted', async () => {
    const before = (await platform.outbox()).length;
    const countersBefore = await dayCounters('courbevoie');
    const outOfOffice = {
      subject: 'Réponse automatique : absente jusqu’au 4 janvier',
      text: 'Je suis absente jusqu’au 4 janvier. En cas d’urgence : 06 12 34 56 78, eva.roux@example.org',
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
    };
    expect((await deliver(outOfOffice)).body).toMatchObject({ delivered: 0, dropped: ['auto_reply'] });
    expect((await deliver(outOfOffice)).body).toMatchObject({ delivered: 0, dropped: ['auto_reply'] });
    const sent = (await platform.outbox()).slice(before);
    expect(sent.map((mail) => mail.destination.to)).toEqual([[leo]]);
    const notice = sent[0]!;
    expect(notice.subject).toBe('Réponse automatique de Ana : « Je prête ma perceuse »'); // publishPost names every author Ana
    expect(notice.body.text).toContain('sans doute absente');
    expect(visibleToRecipient(notice)).not.toMatch(/06 12 34 56 78|jusqu’au 4 janvier|eva\.roux/);
    expect(header(notice, 'Auto-Submitted')).toBe('auto-generated');
    const counters = await dayCounters('courbevoie');
    expect((counters['relay.dropped.auto_reply'] ?? 0) - (countersBefore['relay.dropped.auto_reply'] ?? 0)).toBe(2);
    expect((counters['relay.away_notices'] ?? 0) - (countersBefore['relay.away_notices'] ?? 0)).toBe(1);
  });

  it('a reply whose DMARC verdict is FAIL is not relayed: counted, and the conversation flagged to staff', async () => {
    const before = (await platform.outbox()).length;
    const countersBefore = await dayCounters('courbevoie');
    expect((await deliver({}, { dmarc: 'FAIL' })).body).toMatchObject({ delivered: 0, dropped: ['spoofed'] });
    // SPF and DKIM both failing is the same; one of them alone is not.
    expect((await deliver({}, { spf: 'FAIL', dkim: 'FAIL' })).body).toMatchObject({ delivered: 0, dropped: ['spoofed'] });
    expect((await platform.outbox()).length).toBe(before);
    const counters = await dayCounters('courbevoie');
    expect((counters['relay.dropped.spoofed'] ?? 0) - (countersBefore['relay.dropped.spoofed'] ?? 0)).toBe(2);
    const flags = (await platform.tableItems('courbevoie'))
      .map((item) => unmarshall(item as never))
      .filter((item) => item.gsi1pk === 'T#courbevoie#FLAGGED_CONVERSATIONS' && item.postId === postId);
    expect(flags).toEqual([expect.objectContaining({ reportedBy: 'spoofing' })]);
    expect((await deliver({ text: 'SPF seul en échec : relayé.' }, { spf: 'FAIL' })).body).toMatchObject({ delivered: 1 });
  });

  it('a spam verdict FAIL is relayed marked as suspect; a virus is not relayed', async () => {
    const before = (await platform.outbox()).length;
    expect((await deliver({ text: 'Gagnez un iPhone !' }, { spam: 'FAIL' })).body).toMatchObject({ delivered: 1 });
    expect((await deliver({ text: 'Pièce jointe' }, { virus: 'FAIL' })).body).toMatchObject({ delivered: 0, dropped: ['spam_or_virus'] });
    const sent = (await platform.outbox()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe('[Suspect] Re: perceuse');
    expect(sent[0]!.body.text).toMatch(/^Attention : le filtre de messagerie considère ce message comme indésirable/);
  });

  it('a person’s words carry no Auto-Submitted header; every mail the platform writes itself does', async () => {
    const before = (await platform.outbox()).length;
    await deliver({ text: 'À samedi !' });
    const [relayed] = (await platform.outbox()).slice(before);
    expect(header(relayed!, 'Auto-Submitted')).toBeUndefined();
    const verification = (await platform.outbox()).find((mail) => mail.destination.to.includes(eva) && /Confirmez/.test(mail.subject));
    expect(header(verification!, 'Auto-Submitted')).toBe('auto-generated');
  });

  it('a verdict that SES never gives is a 400 naming the parameter', async () => {
    const refused = await deliver({}, { spf: 'MAYBE' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'query.spf', message: expect.stringContaining('PASS') }]);
  });

  it('Eva’s own “signaler” link, quoted back in her reply, does not reach Léo (it carries her token)', async () => {
    const lastToEva = mailsTo(await platform.outbox(), eva).at(-1)!;
    const evasLink = /https?:\/\/\S+\/signaler-message\.html\?\S+/.exec(lastToEva.body.text ?? '')![0];
    const evasToken = new URL(evasLink).searchParams.get('alias')!;
    const before = (await platform.outbox()).length;
    const quoted = (lastToEva.body.text ?? '')
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    await deliver({ text: `Entendu.\n\nLe sam. 12 déc. 2026 à 10:00, Léo via Entraide a écrit :\n${quoted}` });
    const [relayed] = (await platform.outbox()).slice(before);
    expect(relayed!.body.text).toContain('Entendu.');
    expect(JSON.stringify(relayed)).not.toContain(evasToken);
    expect(relayed!.body.text).toContain('[lien de signalement retiré]');
  });
});

describe('threading, as two mail clients see it', () => {
  const carla = 'carla.petit@example.org';
  const dan = 'dan.moreau@example.net';
  /** The Message-ID a mail's recipient gets: SES's own, `<its message id>@<region>.amazonses.com`. */
  const receivedId = (mail: OutboxMail) => `<${mail.messageId}@${sesMessageIdDomain(localRegion)}>`;
  /** The mail as the recipient's client reads it: the embedded SES's RFC 822 rendering, through a MIME parser. */
  async function asReceived(mail: OutboxMail) {
    const response = await fetch(`${platform.sesEndpoint}/get-emlContent?messageId=${encodeURIComponent(mail.messageId)}`);
    const { body } = (await response.json()) as { body: { data: number[] } };
    return PostalMime.parse(Buffer.from(body.data));
  }

  it('each relayed reply answers the Message-ID its recipient received; no party’s own Message-ID or host crosses', async () => {
    const { postId } = await publishPost(platform, 'courbevoie', carla, courbevoie, 'Je prête des livres');
    const contact = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Dan', email: dan, message: 'Bonjour, avez-vous des romans policiers ?' },
    });
    expect(contact.status).toBe(202);
    const firstToCarla = mailsTo(await platform.outbox(), carla).at(-1)!;
    const copyToDan = mailsTo(await platform.outbox(), dan).at(-1)!;

    // Carla's client answers the mail she received, as every client does.
    const carlaReply = await composeReply({
      from: `Carla <${carla}>`,
      to: firstToCarla.replyTo[0]!,
      subject: 'Re: romans policiers',
      text: 'Oui, une étagère entière.',
      headers: {
        'Message-ID': '<carla-1@mail.carla-host.example>',
        'In-Reply-To': receivedId(firstToCarla),
        References: receivedId(firstToCarla),
      },
    });
    expect((await deliverInbound(platform, carlaReply)).body).toMatchObject({ delivered: 1 });
    const toDan = mailsTo(await platform.outbox(), dan).at(-1)!;
    const danReads = await asReceived(toDan);
    expect(danReads.text).toContain('Oui, une étagère entière.');
    expect(danReads.inReplyTo).toBe(receivedId(copyToDan));
    expect(danReads.references).toBe(receivedId(copyToDan));
    expect(JSON.stringify(toDan)).not.toMatch(/carla-1|carla-host|amazonses\.com.*amazonses\.com.*amazonses/);

    // Dan's client answers that one: Carla's client gets it under the mail she received.
    const danReply = await composeReply({
      from: `Dan <${dan}>`,
      to: toDan.replyTo[0]!,
      subject: 'Re: romans policiers',
      text: 'Je passe jeudi ?',
      headers: {
        'Message-ID': '<dan-1@smtp.dan-host.example>',
        'In-Reply-To': receivedId(toDan),
        References: `${receivedId(copyToDan)} ${receivedId(toDan)}`,
      },
    });
    expect((await deliverInbound(platform, danReply)).body).toMatchObject({ delivered: 1 });
    const toCarla = mailsTo(await platform.outbox(), carla).at(-1)!;
    const carlaReads = await asReceived(toCarla);
    expect(carlaReads.text).toContain('Je passe jeudi ?');
    expect(carlaReads.inReplyTo).toBe(receivedId(firstToCarla));
    expect(JSON.stringify(toCarla)).not.toMatch(/dan-1|dan-host/);
    // Nothing Dan received is named to Carla, nor the reverse: each side sees only its own thread.
    for (const mail of [copyToDan, toDan]) expect(JSON.stringify(toCarla)).not.toContain(mail.messageId);
    expect(JSON.stringify(toDan)).not.toContain(firstToCarla.messageId);

    // Carla answers again: her client threads it after the last mail she received.
    const again = await composeReply({
      from: `Carla <${carla}>`,
      to: toCarla.replyTo[0]!,
      subject: 'Re: romans policiers',
      text: 'Jeudi 18 h.',
      headers: { 'In-Reply-To': receivedId(toCarla), References: `${receivedId(firstToCarla)} ${receivedId(toCarla)}` },
    });
    expect((await deliverInbound(platform, again)).body).toMatchObject({ delivered: 1 });
    const lastToDan = await asReceived(mailsTo(await platform.outbox(), dan).at(-1)!);
    expect(lastToDan.inReplyTo).toBe(receivedId(toDan));
    expect(lastToDan.references).toBe(`${receivedId(copyToDan)} ${receivedId(toDan)}`);
  });
});
