import { relayService } from '../relay/index.js';
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
import { recognitionIdOf, recognitionService } from './recognition-service.js';

const unlimited = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }) };
const origin = { sourceIp: '192.0.2.7' };
const request = { name: 'Inès Roux', profession: 'Infirmière', employer: 'Clinique du Parc' };

function setup(staffApproval = true) {
  const tenant = healthWorkersTenant({ staffApproval });
  const recognitionStore = new MemoryRecognitionStore();
  const mailer = new CapturingMailer();
  const clock = new FixedClock();
  const deps = {
    tenant,
    recognitionStore,
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
  return { tenant, recognitionStore, mailer, recognitions, askAndConfirm };
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
      contactPolicy: healthWorkersContactPolicy({ tenant, recognitionStore }),
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
