import { siteLinks } from '../shared/index.js';
import { verificationMail } from './post-mails.js';
import type { PostRecord } from './post-record.js';
import { parseTenantConfig } from '../tenant/index.js';
import { courbevoieTenant } from '../../../../test/support/tenants.js';

const tenant = courbevoieTenant({ categories: ['groceries', 'other'] });
const links = siteLinks('https://entraide.example', tenant.id);
const token = 'tok_abcdefghijklmnopqrstuvwxyz012345';

/** Built by hand: the schema would refuse these titles, the mail must be safe even so. */
const post = (title: string, name: string): PostRecord => ({
  tenantId: 'courbevoie',
  id: 'post000001',
  kind: 'offer',
  category: 'groceries',
  status: 'pending_verification',
  content: {
    title,
    description: 'Je fais les courses le samedi.',
    location: { lat: 48.899, lon: 2.254 },
    publicLocation: { lat: 48.904, lon: 2.258 },
    author: { name, email: 'camille@example.org' },
  },
  tokenHash: 'f'.repeat(64),
  createdAt: '2025-03-02T09:00:00.000Z',
  updatedAt: '2025-03-02T09:00:00.000Z',
  expiresAt: '2025-04-01T09:00:00.000Z',
  version: 1,
});

describe('the verification mail', () => {
  const hostileTitle = 'Courses <script>alert(1)</script> "bio" & frais';
  const hostileName = 'Camille <img src=x onerror=alert(2)> "C" & Co';
  const mail = verificationMail(tenant, post(hostileTitle, hostileName), token, links);

  it('goes to the author', () => {
    expect(mail.to).toBe('camille@example.org');
  });

  it('shows the title and name as text in the HTML part, never as markup', () => {
    expect(mail.html).toContain('Courses &lt;script&gt;alert(1)&lt;/script&gt; &quot;bio&quot; &amp; frais');
    expect(mail.html).toContain('Camille &lt;img src=x onerror=alert(2)&gt; &quot;C&quot; &amp; Co');
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<img');
  });

  it('keeps the plain-text part as the resident typed it', () => {
    expect(mail.text).toContain(hostileTitle);
    expect(mail.text).toContain(hostileName);
  });

  it('carries the post and the token in the links, in both parts', () => {
    const verify = `https://entraide.example/t/courbevoie/verifier.html?post=post000001&token=${token}`;
    const manage = `https://entraide.example/t/courbevoie/gerer.html?post=post000001&token=${token}`;
    expect(mail.text).toContain(verify);
    expect(mail.text).toContain(manage);
    expect(mail.html).toContain(`href="${verify.replace('&', '&amp;')}"`);
    expect(mail.html).toContain(`href="${manage.replace('&', '&amp;')}"`);
  });

  it('has a one-line subject even when the title tries to add a header', () => {
    const injected = verificationMail(tenant, post('Aide\r\nBcc: x@evil.example', 'Camille\r\nBcc: y@evil.example'), token, links);
    expect(injected.subject).not.toMatch(/[\r\n]/);
    expect(injected.subject).toContain('Aide');
    expect(injected.subject).not.toContain('y@evil.example');
  });

  it('says it in French first, then in English', () => {
    const frenchInText = mail.text.indexOf('Bonjour');
    const englishInText = mail.text.indexOf('Hello');
    expect(frenchInText).toBeGreaterThanOrEqual(0);
    expect(englishInText).toBeGreaterThan(frenchInText);
    expect(mail.html.indexOf('Hello')).toBeGreaterThan(mail.html.indexOf('Bonjour'));
    expect(mail.subject.indexOf('Confirm your post')).toBeGreaterThan(mail.subject.indexOf('Confirmez'));
  });

  it('tells the author when the post will be visible', () => {
    expect(mail.text).toContain('visible dès votre confirmation');
    const moderated = parseTenantConfig({ ...tenant, features: { contactRelay: true, moderation: 'before' } }, 'test');
    expect(verificationMail(moderated, post('Courses', 'Camille'), token, links).text).toContain('après relecture');
  });

  it('is never written for a deleted post', () => {
    expect(() => verificationMail(tenant, { ...post('x', 'y'), content: null }, token, links)).toThrow();
  });
});
