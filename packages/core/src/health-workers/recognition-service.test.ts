import { relayService, residentKeyOf } from '../relay/index.js';
import { healthWorkersTenant, publishedPostRecord } from '../../../../test/support/tenants.js';
import {
  CapturingMailer,
  domainError,
  FixedClock,
  MemoryPostStore,
  MemoryRecognitionStore,
  MemoryRelayStore,
  SequenceRandom,
} from '../../../../test/support/core-fakes.js';
import { healthWorkersContactPolicy } from './contact-policy.js';
import { eraseEndedRecognitions } from './recognition-life.js';
import { recognitionIdOf, recognitionService } from './recognition-service.js';

const unlimited = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
const origin = { sourceIp: '192.0.2.7' };
const request = { name: 'Inès Roux', profession: 'Infirmière', employer: 'Clinique du Parc' };

function setup(staffApproval = true) {
  const tenant = healthWorkersTenant({ staffApproval });
  const recognitionStore = new MemoryRecognitionStore();
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const store = new MemoryPostStore();
  const relayStore = new MemoryRelayStore();
  const deps = {
    tenant,
    recognitionStore,
    store,
    relayStore,
    mailer,
    clock,
    random: new SequenceRandom(),
    rateLimiter: unlimited,
    siteUrl: 'https://entraide.example',
  };
  const recognitions = recognitionService(deps);
  /** Asks, then opens the mailed link as the resident would. */
  const askAndConfirm = async (input: { email: string; name?: string; profession?: string; employer?: string }) => {
    await recognitions.request(input, origin);
    const link = /soignants\.html\?reconnaissance=([0-9a-f]+)&token=([A-Za-z0-9_-]+)/.exec(mailer.sent.at(-1)!.text)!;
    return recognitions.verify(link[1]!, link[2]!);
  };
  return { tenant, recognitionStore, store, relayStore, clock, mailer, recognitions, askAndConfirm };
}

describe('recognition of health workers', () => {
  it('an address at a hospital’s domain (or a subdomain) is recognised by its mailed link, nothing else asked', async () => {
    const { askAndConfirm, recognitionStore, tenant } = setup();
    expect(await askAndConfirm({ email: 'Ines.Roux@Hopital.example' })).toEqual({ status: 'recognised' });
    expect(await askAndConfirm({ email: 'paul@urgences.hopital.example' })).toEqual({ status: 'recognised' });
    const stored = await recognitionStore.get(tenant.id, recognitionIdOf('ines.roux@hopital.example'));
    expect(stored).toMatchObject({ status: 'recognised', via: 'email_domain', email: 'ines.roux@hopital.example' });
  });

  it('any other address is a request staff read: approved, the resident is mailed; refused, mailed the reason, escaped', async () => {
    const { askAndConfirm, recognitions, mailer } = setup();
    expect(await askAndConfirm({ email: 'ines@example.org', ...request })).toEqual({ status: 'awaiting_approval' });
    const listed = await recognitions.list({ status: 'awaiting_approval' });
    expect(listed.items.map((item) => [item.email, item.request])).toEqual([['ines@example.org', request]]);
    expect(JSON.stringify(listed)).not.toMatch(/tokenHash/);
    const approved = await recognitions.decide('staff@courbevoie.example', listed.items[0]!.id, { approve: true });
    expect(approved).toMatchObject({ status: 'recognised', via: 'staff', decidedBy: 'staff@courbevoie.example' });
    expect(mailer.sent.at(-1)).toMatchObject({ to: 'ines@example.org', subject: expect.stringMatching(/reconnu/) });
    // Approved again: nothing changes, no second mail.
    const mails = mailer.sent.length;
    await recognitions.decide('staff@courbevoie.example', listed.items[0]!.id, { approve: true });
    expect(mailer.sent.length).toBe(mails);

    await askAndConfirm({ email: 'marc@example.org', ...request });
    const marc = recognitionIdOf('marc@example.org');
    const refused = await recognitions.decide('staff@courbevoie.example', marc, { approve: false, reason: '<b>Pas de justificatif</b>' });
    expect(refused.status).toBe('refused');
    expect(mailer.sent.at(-1)!.html).toContain('&lt;b&gt;Pas de justificatif&lt;/b&gt;');
    expect((await recognitions.list({ status: 'awaiting_approval' })).items).toEqual([]);
  });

  it('refuses, naming the field, with nothing stored or mailed: an unknown domain where staff do not approve, a request without what staff judge', async () => {
    const withoutStaff = setup(false);
    const unknown = await domainError(withoutStaff.recognitions.request({ email: 'ines@example.org', ...request }, origin));
    expect([unknown.status, unknown.code, unknown.details.map((detail) => detail.path)]).toEqual([400, 'unrecognised_domain', ['email']]);
    expect(withoutStaff.recognitionStore.records.size + withoutStaff.mailer.sent.length).toBe(0);

    const withStaff = setup(true);
    const incomplete = await domainError(withStaff.recognitions.request({ email: 'ines@example.org', name: 'Inès' }, origin));
    expect(incomplete.details.map((detail) => detail.path)).toEqual(['profession', 'employer']);
    expect(withStaff.recognitionStore.records.size + withStaff.mailer.sent.length).toBe(0);
  });

  it('staff cannot decide on an address not confirmed yet; a wrong link changes nothing', async () => {
    const { recognitions } = setup();
    await recognitions.request({ email: 'ines@example.org', ...request }, origin);
    const id = recognitionIdOf('ines@example.org');
    expect((await domainError(recognitions.decide('staff@courbevoie.example', id, { approve: true }))).code).toBe('not_verified');
    expect((await domainError(recognitions.verify(id, 'not-the-secret-of-this-link'))).code).toBe('invalid_token');
    expect((await domainError(recognitions.decide('staff@courbevoie.example', 'a'.repeat(40), { approve: true }))).status).toBe(404);
  });
});

describe('contact to an offer of a section for health workers', () => {
  async function relaySetup() {
    const { tenant, recognitionStore, askAndConfirm } = setup();
    const store = new MemoryPostStore();
    const mailer = new CapturingMailer();
    const offer = publishedPostRecord(tenant, { id: 'offer00001', section: 'soignants', category: 'hebergement' });
    const request = publishedPostRecord(tenant, { id: 'request001', kind: 'request', section: 'soignants' });
    const general = publishedPostRecord(tenant, { id: 'general001', section: 'entraide' });
    for (const post of [offer, request, general]) await store.insert(post);
    const relay = relayService({
      tenant,
      store,
      relayStore: new MemoryRelayStore(),
      mailer,
      clock: new FixedClock(),
      random: new SequenceRandom(),
      rateLimiter: unlimited,
      siteUrl: 'https://entraide.example',
      relayDomain: 'relay.entraide.example',
      contactPolicy: healthWorkersContactPolicy({ tenant, recognitionStore, clock: new FixedClock() }),
    });
    const contact = (postId: string, email: string) =>
      relay.contact(postId, { name: 'Inès', email, message: 'Bonjour, je suis infirmière de nuit.' }, origin);
    return { askAndConfirm, mailer, contact };
  }

  it('refuses anyone not recognised (403 health_workers_only), nothing mailed; a recognised one reaches the author, marked as such', async () => {
    const { askAndConfirm, mailer, contact } = await relaySetup();
    const refused = await domainError(contact('offer00001', 'ines@example.org'));
    expect([refused.status, refused.code]).toEqual([403, 'health_workers_only']);
    expect(mailer.sent).toEqual([]);

    await askAndConfirm({ email: 'ines@hopital.example' });
    expect(await contact('offer00001', 'ines@hopital.example')).toEqual({ status: 'sent' });
    const toAuthor = mailer.sent.find((mail) => mail.to === 'ana@example.org')!;
    expect(toAuthor.text).toContain('Inès est reconnu(e) comme soignant(e) par Ville de Courbevoie.');
    expect(toAuthor.text).not.toContain('ines@hopital.example');
  });

  it('anyone may answer a request of that section, or an offer of another section (no mark)', async () => {
    const { mailer, contact } = await relaySetup();
    expect(await contact('request001', 'voisin@example.org')).toEqual({ status: 'sent' });
    expect(await contact('general001', 'voisin@example.org')).toEqual({ status: 'sent' });
    expect(mailer.sent.filter((mail) => mail.to === 'ana@example.org').map((mail) => /soignant/.test(mail.text))).toEqual([false, false]);
  });
});

describe('a recognition’s life: it ends, staff withdraw it, the resident erases it', () => {
  async function lifeSetup() {
    const base = setup();
    const { tenant, recognitionStore, store, relayStore, clock } = base;
    const offer = publishedPostRecord(tenant, { id: 'offer00001', section: 'soignants', category: 'hebergement' });
    const request = publishedPostRecord(tenant, { id: 'request001', kind: 'request', section: 'soignants' });
    for (const post of [offer, request]) await store.insert(post);
    const relay = relayService({
      tenant,
      store,
      relayStore,
      mailer: base.mailer,
      clock,
      random: new SequenceRandom(),
      rateLimiter: unlimited,
      siteUrl: 'https://entraide.example',
      relayDomain: 'relay.entraide.example',
      contactPolicy: healthWorkersContactPolicy({ tenant, recognitionStore, clock }),
    });
    const contact = (postId: string, email: string) =>
      relay.contact(postId, { name: 'Inès', email, message: 'Bonjour, je suis infirmière de nuit.' }, origin);
    const conversation = (postId: string, email: string) => relayStore.getConversation(tenant.id, postId, residentKeyOf(email));
    return { ...base, contact, conversation };
  }
  const nurse = 'ines@hopital.example';

  it('ends 12 months after it was given: no longer recognised, then erased by the daily job with its conversations closed', async () => {
    const { askAndConfirm, contact, clock, recognitionStore, tenant, store, relayStore } = await lifeSetup();
    await askAndConfirm({ email: nurse });
    expect(await contact('offer00001', nurse)).toEqual({ status: 'sent' });
    const stored = await recognitionStore.get(tenant.id, recognitionIdOf(nurse));
    expect(stored?.expiresAt).toBe('2026-03-02T09:00:00.000Z');
    const job = () => eraseEndedRecognitions({ tenant, store, relayStore, recognitionStore, clock });
    clock.advanceDays(364);
    expect(await job()).toEqual({ recognitionsErased: 0, conversationsClosed: 0 });
    expect(await recognitionStore.get(tenant.id, recognitionIdOf(nurse))).toBeDefined();
    clock.advanceDays(1);
    // Its day has come: the relay refuses a new conversation before the job has run.
    await store.insert(
      publishedPostRecord(tenant, {
        id: 'offer00002',
        section: 'soignants',
        createdAt: clock.now().toISOString(),
        expiresAt: '2026-04-01T09:00:00.000Z',
      }),
    );
    expect((await domainError(contact('offer00002', nurse))).code).toBe('health_workers_only');
    expect((await job()).recognitionsErased).toBe(1);
    expect(await recognitionStore.get(tenant.id, recognitionIdOf(nurse))).toBeUndefined();
  });

  it('staff withdraw it: recorded in its history, the resident mailed, no new conversation and the open ones with offers closed', async () => {
    const { askAndConfirm, contact, conversation, recognitions, mailer } = await lifeSetup();
    await askAndConfirm({ email: nurse });
    await contact('offer00001', nurse);
    await contact('request001', nurse);
    const id = recognitionIdOf(nurse);
    const withdrawn = await recognitions.withdraw('staff@courbevoie.example', id, 'Plus en poste à l’hôpital');
    expect(withdrawn).toMatchObject({ status: 'withdrawn', decidedBy: 'staff@courbevoie.example' });
    expect(withdrawn.history?.map((change) => [change.by, change.status])).toEqual([
      ['resident', 'pending_verification'],
      ['resident', 'recognised'],
      ['staff@courbevoie.example', 'withdrawn'],
    ]);
    expect(mailer.sent.at(-1)).toMatchObject({ to: nurse, subject: expect.stringMatching(/retirée/) });
    expect(mailer.sent.at(-1)!.text).toContain('Plus en poste à l’hôpital');
    // The offer's conversation is closed by the relay's close path; the request's stays (anyone may answer it).
    expect(await conversation('offer00001', nurse)).toMatchObject({ closedBy: 'staff@courbevoie.example' });
    expect((await conversation('request001', nurse))?.closedAt).toBeUndefined();
    expect((await domainError(contact('offer00001', nurse))).status).toBe(403);
    // The hospitals' domain does not undo staff's withdrawal; staff may approve again.
    expect((await domainError(recognitions.request({ email: nurse }, origin))).code).toBe('recognition_withdrawn');
    const mailsBefore = mailer.sent.length;
    expect((await recognitions.withdraw('staff@courbevoie.example', id)).status).toBe('withdrawn');
    expect(mailer.sent).toHaveLength(mailsBefore);
    expect((await recognitions.list({ status: 'withdrawn' })).items.map((item) => item.email)).toEqual([nurse]);
  });

  it('a withdrawal that stopped before closing the conversations is finished when staff ask again', async () => {
    const { askAndConfirm, contact, conversation, recognitions, relayStore } = await lifeSetup();
    await askAndConfirm({ email: nurse });
    await contact('offer00001', nurse);
    const close = relayStore.closeConversation.bind(relayStore);
    relayStore.closeConversation = async () => {
      throw new Error('table unavailable');
    };
    await expect(recognitions.withdraw('staff@courbevoie.example', recognitionIdOf(nurse))).rejects.toThrow('table unavailable');
    expect((await conversation('offer00001', nurse))?.closedAt).toBeUndefined();
    relayStore.closeConversation = close;
    await recognitions.withdraw('staff@courbevoie.example', recognitionIdOf(nurse));
    expect((await conversation('offer00001', nurse))?.closedAt).toBeDefined();
  });

  it('only a recognition is withdrawn: a request awaiting staff is refused instead (409 not_recognised)', async () => {
    const { askAndConfirm, recognitions } = await lifeSetup();
    await askAndConfirm({ email: 'ines@example.org', ...request });
    const refused = await domainError(recognitions.withdraw('staff@courbevoie.example', recognitionIdOf('ines@example.org')));
    expect([refused.status, refused.code]).toEqual([409, 'not_recognised']);
  });

  it('the resident erases it with the mailed link: nothing left, conversations with offers closed; a stop between the writes is finished by the daily job', async () => {
    const { askAndConfirm, contact, conversation, recognitions, recognitionStore, mailer, tenant, store, relayStore, clock } =
      await lifeSetup();
    await askAndConfirm({ email: nurse });
    await contact('offer00001', nurse);
    const [, id, token] = /reconnaissance=([0-9a-f]+)&token=([A-Za-z0-9_-]+)/.exec(mailer.sent.find((mail) => mail.to === nurse)!.text)!;
    expect((await domainError(recognitions.erase(id!, 'not-the-secret-of-this-link'))).code).toBe('invalid_token');
    const remove = recognitionStore.remove.bind(recognitionStore);
    recognitionStore.remove = async () => {
      throw new Error('table unavailable');
    };
    await expect(recognitions.erase(id!, token!)).rejects.toThrow('table unavailable');
    // Half-way: no longer recognised, its conversation closed, for staff it is gone.
    expect((await domainError(contact('offer00001', nurse))).status).toBe(403);
    expect((await conversation('offer00001', nurse))?.closedBy).toBe('resident');
    expect((await domainError(recognitions.decide('staff@courbevoie.example', id!, { approve: true }))).status).toBe(404);
    recognitionStore.remove = remove;
    expect(await eraseEndedRecognitions({ tenant, store, relayStore, recognitionStore, clock })).toMatchObject({ recognitionsErased: 1 });
    expect(recognitionStore.records.size).toBe(0);
    expect((await domainError(recognitions.erase(id!, token!))).status).toBe(404);
  });
});
