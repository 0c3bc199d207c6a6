import { cryptoRandom } from '../shared/index.js';
import { aliasTokenPattern } from './alias-token.js';
import { newAliasToken, relayDomainOf } from './aliases.js';
import { htmlToText } from './html-to-text.js';
import { cutText, displayName, maskedAddress, scrubRelayedText } from './relay-privacy.js';
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

  it('keeps every line the person wrote, also those shaped like a header or a reply line', () => {
    const own = [
      'Date : samedi 12 décembre',
      'Objet : les courses de la semaine',
      'À : la boulangerie, puis la pharmacie',
      'Voici ce que la pharmacienne a écrit :',
      'De : mon côté, tout va bien.',
    ].join('\n');
    expect(scrub(own)).toBe(own);
    // The same lines in the quoted history go.
    expect(scrub(`Merci !\n\nLe 12 déc. 2026, Ana <ana@example.org> a écrit :\n> ${own.split('\n').join('\n> ')}\n> Bonjour Bob`)).toBe(
      'Merci !\n\n> Bonjour Bob',
    );
  });

  it('an Outlook header block (De, Envoyé, À, Objet) starts the history: its lines go, what was written above stays', () => {
    const text = [
      'Je passe à 10 h.',
      'Date : samedi 12 décembre',
      '',
      'De : Ana Martin',
      'Envoyé : vendredi 11 décembre 2026 18:02',
      'À : Bob',
      'Objet : Re: courses',
      '',
      'Bonjour Bob',
    ].join('\n');
    expect(scrub(text)).toBe('Je passe à 10 h.\nDate : samedi 12 décembre\n\n\nBonjour Bob');
  });

  it('a long run of letters or dots is scanned in linear time (no backtracking search)', () => {
    expect(scrub(`${'a'.repeat(200_000)} ${'x@'.padEnd(100_000, 'a.')}`)).toContain('aaaa');
  });

  it('removes the relay’s “report this message” links, quoted or not: they carry the replier’s own token', () => {
    const link = 'https://entraide.example/t/courbevoie/signaler-message.html?post=abc&alias=abcdefghijklmnopqrstuvwxyz234567';
    expect(scrub(`Merci\n> Signaler ce message : ${link}\n<${link}>`)).toBe(
      'Merci\n> Signaler ce message : [lien de signalement retiré]\n<[lien de signalement retiré]>',
    );
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

  it('every entity is decoded once: named, decimal, hex; an escaped tag stays text', () => {
    expect(htmlToText('<div>Bien re&ccedil;u, c&rsquo;est 5&nbsp;&euro; &#xE9;t&#233; &hellip; &amp;lt; &lt;b&gt;</div>')).toBe(
      'Bien reçu, c’est 5 € été … &lt; <b>',
    );
  });

  it('the HTML quote block is quoted history: > lines, its header lines removed by the scrub', () => {
    const text = htmlToText(
      '<p>Merci&nbsp;!</p><blockquote><p>De : Bob &lt;bob@example.net&gt;</p><p>Date : hier</p><p>Bonjour</p></blockquote>',
    );
    expect(text).toBe('Merci !\n> De : Bob <bob@example.net>\n> Date : hier\n> Bonjour');
    expect(scrub(text)).toBe('Merci !\n> Bonjour');
  });
});

describe('cutText', () => {
  it('cuts at the last line break before the limit, else the last space; never inside a word', () => {
    expect(cutText('court', 10)).toEqual({ text: 'court', truncated: false });
    expect(cutText('une ligne assez longue\nune autre ligne', 25)).toEqual({ text: 'une ligne assez longue', truncated: true });
    expect(cutText('un deux trois quatre', 15)).toEqual({ text: 'un deux trois', truncated: true });
    expect(cutText(`écrivez à ${'a'.repeat(32)}@courbevoie.relay.example`, 30)).toEqual({ text: 'écrivez à', truncated: true });
    expect(cutText('x'.repeat(50), 10)).toEqual({ text: '', truncated: true });
  });
});
