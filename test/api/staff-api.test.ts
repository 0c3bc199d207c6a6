import { request } from 'node:http';
import { routesOf } from '@entraide/functions/routes';
import { sessionlessStaffOperations } from '../../functions/staff-api/app.js';
import { staffLoginLink, staffSignIn, startTestPlatform, verificationLink, type TestPlatform } from '../support/platform.js';
import { deliverInbound, mailsTo, publishPost, rawMail, visibleToRecipient } from '../support/relay.js';
import { phonedPostBody } from '../support/tenants.js';

/**
 * The staff API end to end, as on `npm start`: magic link by mail, session, moderation, and the
 * refusals that keep one tenant's staff out of another's data.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.cleanUp();
});

let counter = 0;
const newEmail = () => `resident${++counter}@example.org`;

const post = (overrides: Record<string, unknown> = {}) => ({
  kind: 'request',
  category: 'groceries',
  title: 'Courses pour ma voisine',
  description: 'Elle ne peut plus porter ses sacs ; appelez-moi au 06 12 34 56 78.',
  location: { lat: 48.857, lon: 2.353 },
  author: { name: 'Inès', email: newEmail() },
  ...overrides,
});

const loginLink = (email: string) => staffLoginLink(platform, email);
const signIn = (tenantId: string, email?: string) => staffSignIn(platform, tenantId, email);

/** A POST from another loopback address (127.0.0.x): another resident, as the API sees it. */
function postFrom(localAddress: string, path: string, body: unknown): Promise<number> {
  const url = new URL(path, platform.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

/** A post awaiting review in Paris (which moderates before publication). */
async function pendingParisPost(body = post()) {
  const created = await platform.api('paris', '/posts', { method: 'POST', body });
  expect(created.status).toBe(201);
  const { token } = await verificationLink(platform, (body.author as { email: string }).email);
  const verified = await platform.api('paris', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } });
  expect(verified.body.status).toBe('pending_moderation');
  return { id: created.body.id as string, body };
}

describe('staff sign in with a link by mail', () => {
  it('answers the same 202 to a staff address and to anyone else, and mails only the staff', async () => {
    const before = (await platform.outbox()).length;
    const staff = await platform.api('courbevoie', '/staff/login', { method: 'POST', body: { email: 'staff@courbevoie.example' } });
    const stranger = await platform.api('courbevoie', '/staff/login', { method: 'POST', body: { email: 'curieux@example.org' } });
    expect(staff.status).toBe(202);
    expect(stranger.status).toBe(202);
    expect(stranger.body).toEqual(staff.body);
    const sent = (await platform.outbox()).slice(before);
    expect(sent.map((mail) => mail.destination.to)).toEqual([['staff@courbevoie.example']]);
    expect(sent[0]!.subject).toContain('Connexion à l’espace de l’équipe');
    expect(sent[0]!.body.text).toContain(`${platform.url}/t/courbevoie/equipe.html?token=`);
  });

  it('opens a session once per link; the link then no longer works', async () => {
    await platform.api('courbevoie', '/staff/login', { method: 'POST', body: { email: 'Staff@Courbevoie.example' } });
    const token = await loginLink('staff@courbevoie.example');
    const first = await platform.api('courbevoie', '/staff/session', { method: 'POST', body: { token } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ session: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(first.body.expiresAt)).toBeGreaterThan(Date.now());
    const again = await platform.api('courbevoie', '/staff/session', { method: 'POST', body: { token } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_login_link');

    const me = await platform.api('courbevoie', '/staff/me', { token: first.body.session });
    expect(me.body).toMatchObject({ tenant: 'courbevoie', email: 'staff@courbevoie.example', role: 'staff' });
  });

  it('refuses a link of one tenant at another', async () => {
    await platform.api('courbevoie', '/staff/login', { method: 'POST', body: { email: 'staff@courbevoie.example' } });
    const token = await loginLink('staff@courbevoie.example');
    expect((await platform.api('paris', '/staff/session', { method: 'POST', body: { token } })).status).toBe(401);
  });

  it('answers 400 naming the field to a bad email or token', async () => {
    const badEmail = await platform.api('paris', '/staff/login', { method: 'POST', body: { email: 'not-an-email' } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.details[0].path).toBe('email');
    const extra = await platform.api('paris', '/staff/login', {
      method: 'POST',
      body: { email: 'staff@paris.example', tenant: 'courbevoie' },
    });
    expect(extra.status).toBe(400);
    const badToken = await platform.api('paris', '/staff/session', { method: 'POST', body: { token: 'short' } });
    expect(badToken.status).toBe(400);
    expect(badToken.body.error.details[0].path).toBe('token');
  });
});

describe('moderation before publication (paris)', () => {
  it('queues a verified post, which staff approve, and it appears publicly', async () => {
    const session = await signIn('paris');
    const { id } = await pendingParisPost();
    expect((await platform.api('paris', `/posts/${id}`)).status).toBe(404);

    const queue = await platform.api('paris', '/staff/moderation', { token: session });
    expect(queue.status).toBe(200);
    const queued = queue.body.items.find((item: { id: string }) => item.id === id);
    expect(queued).toMatchObject({
      status: 'pending_moderation',
      title: 'Courses pour ma voisine',
      personalDataHints: ['phone'],
      authorEmail: null,
    });

    // Staff take the phone number out, then publish.
    const edited = await platform.api('paris', `/staff/posts/${id}`, {
      method: 'PATCH',
      token: session,
      body: { description: 'Elle ne peut plus porter ses sacs ; contactez-moi par la plateforme.' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.personalDataHints).toEqual([]);
    const approved = await platform.api('paris', `/staff/posts/${id}/approve`, { method: 'POST', token: session });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('published');

    const seen = await platform.api('paris', `/posts/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.description).not.toContain('06 12');
    const queueAfter = await platform.api('paris', '/staff/moderation', { token: session });
    expect(queueAfter.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
  });

  it('rejects with a reason: the author is mailed in French, and the post never shows', async () => {
    const session = await signIn('paris');
    const { id, body } = await pendingParisPost(post({ title: 'Vends <b>masques</b> 5 €' }));
    const rejected = await platform.api('paris', `/staff/posts/${id}/reject`, {
      method: 'POST',
      token: session,
      body: { reason: 'Les ventes ne sont pas acceptées <ici>.' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    const mail = (await platform.outbox()).filter((sent) => sent.destination.to.includes(body.author.email)).at(-1)!;
    expect(mail.subject).toContain('n’a pas été publiée');
    expect(mail.body.text).toContain('Les ventes ne sont pas acceptées <ici>.');
    expect(mail.body.html).toContain('Les ventes ne sont pas acceptées &lt;ici&gt;.');
    expect(mail.body.html).toContain('Vends &lt;b&gt;masques&lt;/b&gt;');
    expect((await platform.api('paris', `/posts/${id}`)).status).toBe(404);
    // A decision already taken is not taken again.
    expect((await platform.api('paris', `/staff/posts/${id}/approve`, { method: 'POST', token: session })).status).toBe(409);
  });

  it('answers 400 naming the field to a rejection without a reason, and changes nothing', async () => {
    const session = await signIn('paris');
    const { id } = await pendingParisPost();
    const refused = await platform.api('paris', `/staff/posts/${id}/reject`, { method: 'POST', token: session, body: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('reason');
    expect((await platform.api('paris', `/staff/posts/${id}`, { token: session })).body.status).toBe('pending_moderation');
  });
});

describe('reports and hiding', () => {
  it('hides a post after three reports from different people, until staff decide', async () => {
    const body = post({ location: { lat: 48.8975, lon: 2.2525 } });
    const created = await platform.api('courbevoie', '/posts', { method: 'POST', body });
    const { token } = await verificationLink(platform, body.author.email);
    await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } });
    const id = created.body.id as string;
    const report = (from: string, reason: string) => postFrom(from, `/t/courbevoie/api/posts/${id}/report`, { reason });

    // From one address, reports after the first are accepted but do not count.
    for (const reason of ['Arnaque', 'Arnaque encore', 'Toujours']) expect(await report('127.0.0.2', reason)).toBe(202);
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(200);
    expect(await report('127.0.0.3', 'Numéro surtaxé <script>')).toBe(202);
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(200);
    expect(await report('127.0.0.4', 'Faux')).toBe(202);
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(404);

    const session = await signIn('courbevoie');
    const seen = await platform.api('courbevoie', `/staff/posts/${id}`, { token: session });
    expect(seen.body).toMatchObject({ status: 'hidden', hiddenBecause: 'reports', reportCount: 3 });
    expect(seen.body.reports.map((entry: { reason: string }) => entry.reason)).toEqual(['Arnaque', 'Numéro surtaxé <script>', 'Faux']);
    const queue = await platform.api('courbevoie', '/staff/moderation', { token: session });
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(id);

    expect((await platform.api('courbevoie', '/posts/unknownpost1/report', { method: 'POST', body: { reason: 'x' } })).status).toBe(404);
    // A hidden post is not there to report any more.
    expect((await platform.api('courbevoie', `/posts/${id}/report`, { method: 'POST', body: { reason: 'Encore' } })).status).toBe(404);
  });

  it('answers 400 naming the field to a report without a reason', async () => {
    const body = post({ location: { lat: 48.8975, lon: 2.2525 } });
    const created = await platform.api('courbevoie', '/posts', { method: 'POST', body });
    const { token } = await verificationLink(platform, body.author.email);
    await platform.api('courbevoie', `/posts/${created.body.id}/verify`, { method: 'POST', body: { token } });
    const refused = await platform.api('courbevoie', `/posts/${created.body.id}/report`, { method: 'POST', body: { reason: '  ' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('reason');
  });

  it('lets staff hide any post, and put it back', async () => {
    const session = await signIn('courbevoie');
    const created = await platform.api('courbevoie', '/staff/posts', {
      method: 'POST',
      token: session,
      body: phonedPostBody({
        category: 'medicines',
        title: 'Médicaments à chercher pour M. R.',
        description: 'Appel à la mairie : ordonnance à récupérer à la pharmacie du marché.',
        author: { name: 'M. R.' },
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'published', enteredByStaff: true, authorEmail: null, authorName: 'M. R.' });
    const id = created.body.id as string;
    const shown = await platform.api('courbevoie', `/posts/${id}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain('@');

    const hidden = await platform.api('courbevoie', `/staff/posts/${id}/hide`, {
      method: 'POST',
      token: session,
      body: { reason: 'Vérification' },
    });
    expect(hidden.body).toMatchObject({ status: 'hidden', hiddenBecause: 'staff' });
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(404);
    const queue = await platform.api('courbevoie', '/staff/moderation', { token: session });
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await platform.api('courbevoie', `/staff/posts/${id}/approve`, { method: 'POST', token: session })).body.status).toBe(
      'published',
    );
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(200);
  });
});

describe('every post, and reported conversations', () => {
  it('finds any post of the tenant by a word of its text, whatever its status, and opens its record', async () => {
    const session = await signIn('paris');
    const { id } = await pendingParisPost(post({ title: 'Besoin d’une poussette', description: 'Pour des jumeaux, quartier Bastille.' }));
    const found = await platform.api('paris', '/staff/posts?q=POUSSETTE%20jumeaux&status=pending_moderation', { token: session });
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    expect(found.body.items[0]).toMatchObject({ title: 'Besoin d’une poussette', authorEmail: null });
    expect((await platform.api('paris', '/staff/posts?q=poussette&status=published', { token: session })).body.items).toEqual([]);
    expect((await platform.api('paris', `/staff/posts/${id}`, { token: session })).body.description).toContain('jumeaux');
    const bad = await platform.api('paris', '/staff/posts?status=perdu', { token: session });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.status');
    expect((await platform.api('paris', '/staff/posts?cursor=bm90LW91cnM', { token: session })).body.error.details[0].path).toBe('cursor');
  });

  it('lists a reported conversation; staff close it and its aliases deliver no more', async () => {
    const author = newEmail();
    const resident = newEmail();
    const { postId } = await publishPost(platform, 'courbevoie', author, { lat: 48.8975, lon: 2.2525 }, 'Je garde vos chats');
    const contact = await platform.api('courbevoie', `/posts/${postId}/contact`, {
      method: 'POST',
      body: { name: 'Chloé', email: resident, message: 'Bonjour, mes chats vous attendent.' },
    });
    expect(contact.status).toBe(202);
    const aliasForAuthor = mailsTo(await platform.outbox(), author).at(-1)!.replyTo[0]!;
    const aliasForResident = mailsTo(await platform.outbox(), resident).at(-1)!.replyTo[0]!;
    const reported = await platform.api('courbevoie', `/posts/${postId}/report-message`, {
      method: 'POST',
      body: { alias: aliasForAuthor.split('@')[0] },
    });
    expect(reported.status).toBe(202);
    // A reply in the resident's name that SES's DMARC check refused: not relayed, listed for staff too.
    const spoofed = await deliverInbound(platform, rawMail({ from: resident, to: aliasForResident, subject: 'Re', text: 'Payez ici' }), {
      dmarc: 'FAIL',
    });
    expect(spoofed.body).toMatchObject({ delivered: 0, dropped: ['spoofed'] });

    const session = await signIn('courbevoie');
    const listed = await platform.api('courbevoie', '/staff/conversations?flagged=true', { token: session });
    expect(listed.status).toBe(200);
    const entries = listed.body.items.filter((item: { postId: string }) => item.postId === postId);
    expect(entries.map((item: { reportedBy: string }) => item.reportedBy).sort()).toEqual(['author', 'spoofing']);
    const entry = entries.find((item: { reportedBy: string }) => item.reportedBy === 'author');
    expect(entry).toMatchObject({ postTitle: 'Je garde vos chats', reportedBy: 'author', residentName: 'Chloé', closedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain('@');

    // Staff write to each party through the relay: the resident gets the team's words, the author too
    // (their reply goes to the team's mailbox); staff never see an address, nor either party the other's.
    const warn = (body: Record<string, unknown>) =>
      platform.api('courbevoie', `/staff/conversations/${entry.id}/warn`, { method: 'POST', token: session, body });
    const warnedResident = await warn({ party: 'resident', message: 'Merci de rester courtois dans vos échanges.' });
    expect(warnedResident.status).toBe(202);
    expect(JSON.stringify(warnedResident.body)).not.toContain('@');
    const toResident = mailsTo(await platform.outbox(), resident).at(-1)!;
    expect(toResident.body.text).toContain('Merci de rester courtois dans vos échanges.');
    expect(toResident.subject).toContain('Message de l’équipe de Ville de Courbevoie');
    expect(visibleToRecipient(toResident)).not.toContain(author);
    expect((await warn({ party: 'author', message: 'Nous avons reçu votre signalement.' })).status).toBe(202);
    const toAuthor = mailsTo(await platform.outbox(), author).at(-1)!;
    expect(toAuthor.body.text).toContain('Nous avons reçu votre signalement.');
    expect(visibleToRecipient(toAuthor)).not.toContain(resident);
    const badParty = await warn({ party: 'voisin', message: 'x' });
    expect(badParty.status).toBe(400);
    expect(badParty.body.error.details[0].path).toBe('party');

    const closed = await platform.api('courbevoie', `/staff/conversations/${entry.id}/close`, { method: 'POST', token: session });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: entry.id, closedBy: 'staff@courbevoie.example' });
    for (const [from, to] of [
      [author, aliasForAuthor],
      [resident, aliasForResident],
    ] as const) {
      const delivered = await deliverInbound(platform, rawMail({ from, to, subject: 'Re', text: 'Toujours là ?' }));
      expect(delivered.body).toMatchObject({ delivered: 0, dropped: ['no_such_alias'] });
    }
    const after = await platform.api('courbevoie', '/staff/conversations?flagged=true', { token: session });
    expect(after.body.items.map((item: { postId: string }) => item.postId)).not.toContain(postId);
    expect((await platform.api('courbevoie', '/staff/conversations/nopenopenope/close', { method: 'POST', token: session })).status).toBe(
      404,
    );
  });
});

describe('writing to an author through the relay', () => {
  it('the author gets staff’s message from an alias; their reply by mail reaches the team’s mailbox; no address shown either way', async () => {
    const author = newEmail();
    const mailbox = 'staff@courbevoie.example';
    const { postId } = await publishPost(platform, 'courbevoie', author, { lat: 48.8975, lon: 2.2525 }, 'Je prête ma perceuse');
    const session = await signIn('courbevoie');
    const sent = await platform.api('courbevoie', `/staff/posts/${postId}/messages`, {
      method: 'POST',
      token: session,
      body: { message: 'Bonjour, pouvez-vous retirer votre numéro de téléphone de l’annonce ?' },
    });
    expect(sent.status).toBe(202);
    expect(JSON.stringify(sent.body)).not.toContain('@');
    const toAuthor = mailsTo(await platform.outbox(), author).at(-1)!;
    expect(toAuthor.body.text).toContain('retirer votre numéro');
    expect(toAuthor.body.text).toContain('Équipe Ville de Courbevoie vous écrit');
    const alias = toAuthor.replyTo[0]!;
    expect(alias).toMatch(/@courbevoie\.relay\./);
    expect(visibleToRecipient(toAuthor)).not.toContain(mailbox);
    // The team's mailbox keeps a copy, to write again by mail.
    expect(mailsTo(await platform.outbox(), mailbox).at(-1)!.body.text).toContain('retirer votre numéro');

    const reply = await deliverInbound(platform, rawMail({ from: author, to: alias, subject: 'Re', text: 'C’est fait, merci.' }));
    expect(reply.body).toMatchObject({ delivered: 1, dropped: [] });
    const toTeam = mailsTo(await platform.outbox(), mailbox).at(-1)!;
    expect(toTeam.body.text).toContain('C’est fait, merci.');
    expect(visibleToRecipient(toTeam)).not.toContain(author);
    expect(toTeam.replyTo[0]).toMatch(/@courbevoie\.relay\./);

    // Bad input names its field; an unknown post is a 404; nothing is sent for either.
    const before = (await platform.outbox()).length;
    const empty = await platform.api('courbevoie', `/staff/posts/${postId}/messages`, {
      method: 'POST',
      token: session,
      body: { message: ' ' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('message');
    const unknown = await platform.api('courbevoie', '/staff/posts/nopenopenope/messages', {
      method: 'POST',
      token: session,
      body: { message: 'x' },
    });
    expect(unknown.status).toBe(404);
    expect((await platform.outbox()).length).toBe(before);
  });
});

describe('a post taken by phone, and how posts end', () => {
  it('keeps the caller’s phone and note for staff only; staff answer the follow-up for the caller and close it with its outcome', async () => {
    const session = await signIn('courbevoie');
    const created = await platform.api('courbevoie', '/staff/posts', {
      method: 'POST',
      token: session,
      body: phonedPostBody({ caller: { phone: '01 47 68 11 22', note: 'Rappeler après 14 h.' } }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.caller).toEqual({ phone: '01 47 68 11 22', note: 'Rappeler après 14 h.' });
    const publicView = JSON.stringify((await platform.api('courbevoie', `/posts/${id}`)).body);
    expect(publicView).toContain('Courses du jeudi');
    expect(publicView).not.toContain('01 47 68');
    expect(publicView).not.toContain('Rappeler');
    const csv = await fetch(`${platform.url}/t/courbevoie/api/staff/export.csv`, { headers: { authorization: `Bearer ${session}` } });
    expect(await csv.text()).not.toContain('01 47 68');

    // A neighbour writes: the reply goes to the staff mailbox; staff phone Mme L., who says it happened.
    expect(
      (
        await platform.api('courbevoie', `/posts/${id}/contact`, {
          method: 'POST',
          body: { name: 'Paul', email: newEmail(), message: 'Je peux y aller.' },
        })
      ).status,
    ).toBe(202);
    const answered = await platform.api('courbevoie', `/staff/posts/${id}/follow-up`, {
      method: 'POST',
      token: session,
      body: { answer: 'yes' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.followUp).toMatchObject({ answer: 'yes', byStaff: true });
    const second = await platform.api('courbevoie', `/staff/posts/${id}/follow-up`, {
      method: 'POST',
      token: session,
      body: { answer: 'no' },
    });
    expect(second.body.followUp.answer).toBe('yes');

    const closed = await platform.api('courbevoie', `/staff/posts/${id}/close`, {
      method: 'POST',
      token: session,
      body: { outcome: 'fulfilled' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'fulfilled', closedBy: 'staff@courbevoie.example' });
    expect((await platform.api('courbevoie', `/posts/${id}`)).status).toBe(404);
    const again = await platform.api('courbevoie', `/staff/posts/${id}/close`, {
      method: 'POST',
      token: session,
      body: { outcome: 'no_answer' },
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'invalid_status']);
    expect((await platform.api('courbevoie', `/staff/posts/${id}`, { token: session })).body).toMatchObject({
      closedReason: 'fulfilled',
      followUp: { answer: 'yes', byStaff: true },
    });
  });

  it('answers 400 naming the field to a bad outcome, answer or caller’s phone, and changes nothing', async () => {
    const session = await signIn('courbevoie');
    const { postId } = await publishPost(platform, 'courbevoie', newEmail(), { lat: 48.8975, lon: 2.2525 }, 'Prêt d’une perceuse');
    const outcome = await platform.api('courbevoie', `/staff/posts/${postId}/close`, {
      method: 'POST',
      token: session,
      body: { outcome: 'refused' },
    });
    expect([outcome.status, outcome.body.error.details[0].path]).toEqual([400, 'outcome']);
    const answer = await platform.api('courbevoie', `/staff/posts/${postId}/follow-up`, {
      method: 'POST',
      token: session,
      body: { answer: 'peut-être' },
    });
    expect([answer.status, answer.body.error.details[0].path]).toEqual([400, 'answer']);
    const phone = await platform.api('courbevoie', '/staff/posts', {
      method: 'POST',
      token: session,
      body: phonedPostBody({ caller: { phone: 'appelez-moi' } }),
    });
    expect([phone.status, phone.body.error.details[0].path]).toEqual([400, 'caller.phone']);
    // A resident with a mailbox answers the follow-up from the mail, not staff.
    const notPhoned = await platform.api('courbevoie', `/staff/posts/${postId}/follow-up`, {
      method: 'POST',
      token: session,
      body: { answer: 'yes' },
    });
    expect([notPhoned.status, notPhoned.body.error.code]).toEqual([409, 'author_answers']);
    expect((await platform.api('courbevoie', `/posts/${postId}`)).status).toBe(200);
  });
});

describe('the data’s life', () => {
  it('deleting a post with two conversations leaves no name or address of its author or contacts in the table', async () => {
    const people = {
      author: { name: 'Gertrude Zwingli', email: 'gertrude.zwingli@example.org' },
      first: { name: 'Hyacinthe Quirk', email: 'hyacinthe.quirk@example.net' },
      second: { name: 'Ludovic Yarrow', email: 'ludovic.yarrow@example.com' },
    };
    const body = post({ location: { lat: 48.8975, lon: 2.2525 }, author: people.author });
    const created = await platform.api('courbevoie', '/posts', { method: 'POST', body });
    const { token } = await verificationLink(platform, people.author.email);
    const postId = created.body.id as string;
    expect((await platform.api('courbevoie', `/posts/${postId}/verify`, { method: 'POST', body: { token } })).body.status).toBe(
      'published',
    );
    for (const contact of [people.first, people.second]) {
      const sent = await platform.api('courbevoie', `/posts/${postId}/contact`, {
        method: 'POST',
        body: { ...contact, message: `Bonjour, c’est ${contact.name}.` },
      });
      expect(sent.status).toBe(202);
    }
    // A reply and a report: the conversations are in use when the post goes.
    const aliasForAuthor = mailsTo(await platform.outbox(), people.author.email).at(-1)!.replyTo[0]!;
    await deliverInbound(platform, rawMail({ from: people.author.email, to: aliasForAuthor, subject: 'Re', text: 'Merci !' }));
    await platform.api('courbevoie', `/posts/${postId}/report-message`, { method: 'POST', body: { alias: aliasForAuthor.split('@')[0] } });
    const personal = Object.values(people).flatMap(({ name, email }) => [name.toLowerCase(), email.toLowerCase()]);
    const found = async () => {
      const table = JSON.stringify(await platform.tableItems('courbevoie')).toLowerCase();
      return personal.filter((datum) => table.includes(datum));
    };
    expect(await found()).toEqual(personal);

    const deleted = await platform.api('courbevoie', `/posts/${postId}`, { method: 'DELETE', token });
    expect(deleted.status).toBe(204);
    expect(await found()).toEqual([]);
    // Its aliases are gone with it.
    const late = await deliverInbound(platform, rawMail({ from: people.author.email, to: aliasForAuthor, subject: 'Re', text: 'Encore' }));
    expect(late.body).toMatchObject({ delivered: 0, dropped: ['no_such_alias'] });
  });
});

describe('sessions are bound to their tenant', () => {
  const staffRoutes = routesOf('staff-api');
  const sessionRoutes = staffRoutes.filter((route) => !(sessionlessStaffOperations as readonly string[]).includes(route.operation));

  it('covers every staff route of the route table', () => {
    expect(sessionRoutes.length).toBeGreaterThanOrEqual(10);
    expect(staffRoutes.length - sessionRoutes.length).toBe(sessionlessStaffOperations.length);
  });

  it('refuses a session of courbevoie on every staff route of paris, with nothing of paris in the answer', async () => {
    const courbevoie = await signIn('courbevoie');
    const paris = await signIn('paris');
    const { id } = await pendingParisPost(post({ title: 'Secret de Paris' }));
    const body = {
      reason: 'x',
      title: 'x',
      kind: 'offer',
      category: 'other',
      description: 'x',
      location: { lat: 48.857, lon: 2.353 },
      author: { name: 'x' },
      outcome: 'fulfilled',
      answer: 'yes',
      message: 'x',
      party: 'author',
    };
    for (const route of sessionRoutes) {
      const path = route.path.replace('{id}', id);
      const response = await fetch(`${platform.url}/t/paris/api${path}?tenant=courbevoie`, {
        method: route.method,
        headers: { authorization: `Bearer ${courbevoie}`, 'content-type': 'application/json', 'x-tenant-id': 'courbevoie' },
        ...(route.method === 'GET' ? {} : { body: JSON.stringify({ ...body, tenant: 'courbevoie' }) }),
      });
      const text = await response.text();
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
      expect(text).not.toContain('Secret de Paris');
      expect(text).not.toContain(id);
      expect(text).not.toContain('paris.example');
    }
    // Courbevoie's own search finds nothing of Paris.
    const searched = await platform.api('courbevoie', '/staff/posts?q=Secret%20de%20Paris', { token: courbevoie });
    expect(searched.status).toBe(200);
    expect(JSON.stringify(searched.body)).not.toContain(id);
    // Nothing changed in Paris either.
    expect((await platform.api('paris', `/staff/posts/${id}`, { token: paris })).body.status).toBe('pending_moderation');
  });

  it('answers 401 to a forged, expired or missing session on every staff route', async () => {
    const real = await signIn('paris');
    const [header, payload] = real.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const expiredPayload = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const candidates = [
      `${header}.${forgedPayload}.${real.split('.')[2]}`,
      `${header}.${expiredPayload}.${real.split('.')[2]}`,
      unsigned,
      'not-a-session-at-all-0123456789',
      undefined,
    ];
    for (const route of sessionRoutes) {
      for (const token of candidates) {
        const response = await platform.api('paris', route.path.replace('{id}', 'abcdefgh12'), {
          method: route.method,
          ...(token ? { token } : {}),
          ...(route.method === 'GET' ? {} : { body: {} }),
        });
        expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 401,
        });
      }
    }
  });
});

describe('the team without a redeploy', () => {
  it('an admin adds a colleague, then removes them: the colleague’s open session is refused on its next request', async () => {
    const admin = await signIn('courbevoie', 'admin@courbevoie.example');
    const colleague = 'collegue@courbevoie.example';
    const change = (role: string) =>
      platform.api('courbevoie', '/staff/team', { method: 'POST', token: admin, body: { email: colleague, role } });
    expect((await change('staff')).status).toBe(200);
    const session = await signIn('courbevoie', colleague);
    expect((await platform.api('courbevoie', '/staff/me', { token: session })).body).toMatchObject({ email: colleague, role: 'staff' });
    expect((await platform.api('courbevoie', '/staff/team', { token: session })).status).toBe(403);

    const removed = await change('removed');
    expect(removed.body.audit[0]).toMatchObject({ by: 'admin@courbevoie.example', email: colleague, role: 'removed' });
    expect((await platform.api('courbevoie', '/staff/posts', { token: session })).status).toBe(401);
    expect((await platform.api('courbevoie', '/staff/me', { token: session })).status).toBe(401);
    // Stored in the tenant's table, not in the function's memory.
    const stored = (await platform.tableItems('courbevoie')).find((item) => JSON.stringify(item.sk) === '{"S":"TEAM"}');
    expect(JSON.stringify(stored?.staffEmails)).toContain('staff@courbevoie.example');
    expect(JSON.stringify(stored?.staffEmails)).not.toContain(colleague);

    const bad = await change('boss');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('role');
  });
});

describe('sections without a redeploy', () => {
  it('an admin closes a section: residents’ posts in it are refused at once, GET /config says so; reopened, it takes them again', async () => {
    const admin = await signIn('courbevoie', 'admin@courbevoie.example');
    const staff = await signIn('courbevoie');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const inSection = () =>
      platform.api('courbevoie', '/posts', {
        method: 'POST',
        body: post({ section: 'entraide', location: { lat: 48.8975, lon: 2.2525 } }),
      });
    expect((await inSection()).status).toBe(201);

    const refused = await platform.api('courbevoie', '/staff/sections/entraide', {
      method: 'POST',
      token: staff,
      body: { startsOn: null, endsOn: yesterday },
    });
    expect(refused.status).toBe(403);
    const bad = await platform.api('courbevoie', '/staff/sections/entraide', {
      method: 'POST',
      token: admin,
      body: { startsOn: null, endsOn: 'demain' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('endsOn');
    const closed = await platform.api('courbevoie', '/staff/sections/entraide', {
      method: 'POST',
      token: admin,
      body: { startsOn: null, endsOn: yesterday },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.sections.find((section: { id: string }) => section.id === 'entraide')).toMatchObject({
      endsOn: yesterday,
      state: 'ended',
      source: 'staff_space',
    });
    expect(closed.body.audit[0]).toMatchObject({ by: 'admin@courbevoie.example', section: 'entraide', endsOn: yesterday });
    try {
      const late = await inSection();
      expect(late.status).toBe(400);
      expect(late.body.error).toMatchObject({ code: 'section_not_open', details: [{ path: 'section' }] });
      const config = await platform.api('courbevoie', '/config');
      expect(config.body.sections.find((section: { id: string }) => section.id === 'entraide').state).toBe('ended');
      expect((await platform.api('courbevoie', '/staff/sections', { token: staff })).body.sections[0].state).toBe('ended');
    } finally {
      const reopened = await platform.api('courbevoie', '/staff/sections/entraide', {
        method: 'POST',
        token: admin,
        body: { startsOn: null, endsOn: null },
      });
      expect(reopened.status).toBe(200);
    }
    expect((await inSection()).status).toBe(201);
    expect(
      (
        await platform.api('courbevoie', '/staff/sections/nulle-part', {
          method: 'POST',
          token: admin,
          body: { startsOn: null, endsOn: null },
        })
      ).status,
    ).toBe(404);
  });
});

describe('figures and export', () => {
  it('counts posts by kind, category and status for the period, per day', async () => {
    const session = await signIn('paris');
    const before = await platform.api('paris', '/staff/stats', { token: session });
    expect(before.status).toBe(200);
    await pendingParisPost(post({ kind: 'offer', category: 'paperwork' }));
    const after = await platform.api('paris', '/staff/stats', { token: session });
    expect(after.body.posts.created).toBe(before.body.posts.created + 1);
    expect(after.body.posts.byKind.offer).toBe((before.body.posts.byKind.offer ?? 0) + 1);
    expect(after.body.posts.byCategory.paperwork).toBe((before.body.posts.byCategory.paperwork ?? 0) + 1);
    expect(after.body.posts.byStatus.pending_moderation).toBe((before.body.posts.byStatus.pending_moderation ?? 0) + 1);
    expect(after.body.perDay).toHaveLength(30);
    expect(after.body.perDay.at(-1).postsCreated).toBeGreaterThanOrEqual(1);
    expect(after.body).toMatchObject({ connections: expect.any(Number), helpHappened: expect.any(Object) });

    const bad = await platform.api('paris', '/staff/stats?from=2026-13-01', { token: session });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.from');
    expect((await platform.api('paris', '/staff/stats?from=2020-01-01&to=2026-01-01', { token: session })).status).toBe(400);
  });

  /** A post id may start with '-', which the CSV neutralises (as any cell Excel would read as a formula). */
  const firstCell = (line: string) => line.split(';')[0]!.replace(/^'/, '');

  async function exportCsv(session: string, query = '') {
    const response = await fetch(`${platform.url}/t/paris/api/staff/export.csv${query}`, {
      headers: { authorization: `Bearer ${session}` },
    });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('exports a CSV French Excel opens: BOM, semicolons, no personal data for staff', async () => {
    const session = await signIn('paris');
    const { id } = await pendingParisPost(
      post({ title: '=HYPERLINK("http://evil")', author: { name: 'Zoé "la voisine"; Martin', email: newEmail() } }),
    );
    const csv = await exportCsv(session);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8').slice(1);
    const [header, ...rows] = text.split('\r\n').filter(Boolean);
    expect(header!.split(';')[0]).toBe('identifiant');
    const row = rows.find((line) => firstCell(line) === id)!;
    expect(row.split(';').length).toBe(header!.split(';').length);
    expect(text).not.toContain('Zoé');
    expect(text).not.toContain('@example.org');
    expect(text).not.toContain('HYPERLINK');
    expect((await exportCsv(session, '?personalData=true')).status).toBe(403);
  });

  it('gives an admin the personal data, quoted and with formulas neutralised', async () => {
    const admin = await signIn('paris', 'admin@paris.example');
    const email = newEmail();
    const { id } = await pendingParisPost(
      post({ title: '=HYPERLINK("http://evil")', author: { name: 'Zoé "la voisine"; Martin', email } }),
    );
    const csv = await exportCsv(admin, '?personalData=true');
    expect(csv.status).toBe(200);
    const text = csv.bytes.toString('utf8');
    const row = text.split('\r\n').find((line) => firstCell(line) === id)!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain('"Zoé ""la voisine""; Martin"');
    expect(row).toContain(email);
  });
});
