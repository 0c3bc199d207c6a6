import { cryptoRandom } from '../shared/index.js';
import { aliasTokenPattern, newAliasToken, relayDomainOf } from './aliases.js';
import { displayName, htmlToText, maskedAddress, scrubRelayedText } from './relay-privacy.js';
import { contactSchema } from './relay-schemas.js';

const scrub = (text: string) =>
  scrubRelayedText(text, { keepDomainSuffix: '@courbevoie.relay.entraide.example', hide: ['ana@example.org', 'bob@example.net'] });

describe('scrubRelayedText', () => {
  it.each([
    ['plain', 'Écrivez-moi : bob@example.net', 'bob@example.net'],
    ['another case', 'BOB@Example.NET', 'bob@example.net'],
    ['in a mailto link, percent-encoded', 'mailto:bob%40example.net', 'bob%40example.net'],
    ['spelt out', 'bob [at] example.net', 'bob [at] example.net'],
    ['an HTML entity', 'bob&#64;example.net', 'bob&#64;example.net'],
    ['a third address', 'ma sœur : claire.d@mail.example.fr', 'claire.d@mail.example.fr'],
  ])('masks an address (%s)', (_what, text, hidden) => {
    const scrubbed = scrub(text);
    expect(scrubbed).not.toContain(hidden);
    expect(scrubbed.toLowerCase()).not.toMatch(/bob|claire\.d/);
    expect(scrubbed).toContain(maskedAddress);
  });

  it('drops quote introductions, whatever the mail program’s language, and keeps what was written', () => {
    const text = [
      'Merci, à samedi.',
      '',
      'Le lun. 3 mars 2025 à 10:00, Ana Martin <ana@example.org> a écrit :',
      '> Bonjour',
      'On Mon, Mar 3, 2025 at 10:00 AM Bob <bob@example.net> wrote:',
      '-----Original Message-----',
      'From: Bob Durand <bob@example.net>',
      'De : Ana',
      'Envoyé : lundi',
    ].join('\n');
    expect(scrub(text)).toBe('Merci, à samedi.\n\n> Bonjour');
  });

  it('keeps the relay’s own aliases', () => {
    const alias = 'abcdefghijklmnopqrstuvwxyz234567@courbevoie.relay.entraide.example';
    expect(scrub(`Écrivez à ${alias}`)).toBe(`Écrivez à ${alias}`);
  });
});

describe('names and tokens', () => {
  it('a display name is one line, without address or quotes', () => {
    expect(displayName('Eve\r\nBcc: x@evil.example', 'x')).toBe('Eve Bcc:');
    expect(displayName('"Bob" <bob@example.net>', 'Habitant')).toBe('Bob');
    expect(displayName('  ', 'Habitant')).toBe('Habitant');
  });

  it('the contact form flattens the name, and refuses one that is nothing but an address', () => {
    expect(contactSchema.parse({ name: 'Eve\r\nBcc: x@evil.example', email: 'eve@example.net', message: 'Bonjour' }).name).toBe('Eve Bcc:');
    expect(contactSchema.safeParse({ name: 'x@evil.example', email: 'eve@example.net', message: 'Bonjour' }).success).toBe(false);
  });

  it('alias tokens carry 160 random bits, lowercase, never twice', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newAliasToken(cryptoRandom)));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(aliasTokenPattern);
  });

  it('the relay domain comes from the sender address', () => {
    expect(relayDomainOf('Entraide <ne-pas-repondre@Entraide.Example>')).toBe('relay.entraide.example');
    expect(() => relayDomainOf('Entraide')).toThrow();
  });

  it('HTML becomes text: no markup, entities decoded, scripts gone', () => {
    expect(htmlToText('<p>Bonjour&nbsp;<b>Ana</b></p><script>alert(1)</script><p>1 &lt; 2</p>')).toBe('Bonjour Ana\n1 < 2');
  });
});
