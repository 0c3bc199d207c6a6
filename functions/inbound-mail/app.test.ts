import iconv from 'iconv-lite';
import { composeReply, hasControlCharacter } from '../../test/support/mime.js';
import { parseRawMail } from './app.js';
import { repairDecodedText, windows1252C1 } from './charsets.js';

/** Words Outlook writes with bytes 0x80–0x9F in windows-1252: ’ œ € – … “ ”. */
const written = 'C’est reçu : 5 € pour les œufs – à samedi… « merci » “Ana”';

describe('an inbound reply reads exactly as it was written, whatever its charset', () => {
  it.each([
    ['UTF-8, quoted-printable', { charset: 'utf-8', transferEncoding: 'quoted-printable' }, written],
    ['UTF-8, base64', { charset: 'utf-8', transferEncoding: 'base64' }, written],
    ['windows-1252, quoted-printable (Outlook)', { charset: 'windows-1252', transferEncoding: 'quoted-printable' }, written],
    ['windows-1252, 8bit', { charset: 'windows-1252', transferEncoding: '8bit' }, written],
    ['ISO-8859-1', { charset: 'iso-8859-1', transferEncoding: 'quoted-printable' }, 'Reçu, à samedi : « été » ½ ÿ'],
    ['windows-1252 bytes labelled ISO-8859-1', { charset: 'iso-8859-1', bytesIn: 'windows-1252', transferEncoding: 'base64' }, written],
    ['ISO-8859-15', { charset: 'iso-8859-15', transferEncoding: 'quoted-printable' }, 'Reçu 5 € pour les œufs, Ÿ'],
  ] as const)('%s', async (_what, encoding, words) => {
    const raw = await composeReply({
      from: 'Ana <ana@example.org>',
      to: 'x@courbevoie.relay.example',
      subject: words,
      text: words,
      ...encoding,
    });
    const parsed = await parseRawMail(raw);
    expect(parsed.text?.trim()).toBe(words);
    expect(parsed.subject).toBe(words);
    expect(hasControlCharacter(parsed.text ?? '')).toBe(false);
  });

  it('an HTML-only reply keeps its entities for the relay to decode once (no control character)', async () => {
    const html = '<p>Bien re&ccedil;u, c&rsquo;est 5&nbsp;&euro; &amp; l&#xE9;t&#233;</p>';
    const parsed = await parseRawMail(
      await composeReply({ from: 'ana@example.org', to: 'x@r.example', subject: 'Re', html, charset: 'windows-1252' }),
    );
    expect(parsed.text).toBeUndefined();
    expect(parsed.html?.trim()).toBe(html);
  });
});

describe('automatic mail, as the parser reads it', () => {
  it('an out-of-office reply (Auto-Submitted: auto-replied) is marked automatic; a person’s reply is not', async () => {
    const reply = { from: 'ana@example.org', to: 'x@r.example', subject: 'Re: courses', text: 'Je suis absente.' };
    expect((await parseRawMail(await composeReply({ ...reply, headers: { 'Auto-Submitted': 'auto-replied' } }))).automatic).toBe(
      'auto-submitted',
    );
    expect((await parseRawMail(await composeReply(reply))).automatic).toBeUndefined();
  });
});

describe('repairDecodedText', () => {
  it('maps 0x80–0x9F with the WHATWG windows-1252 table: the same as iconv-lite’s for every byte', () => {
    for (let byte = 0x80; byte <= 0x9f; byte++) {
      const expected = iconv.decode(Buffer.from([byte]), 'windows-1252');
      const repaired = repairDecodedText(String.fromCharCode(byte));
      // iconv-lite leaves the five undefined positions as U+FFFD or the C1 code point; they are dropped here.
      if (/[\u0080-\u009f\ufffd]/.test(expected)) expect(repaired).toBe('');
      else expect(repaired).toBe(expected);
    }
    expect(windows1252C1).toHaveLength(32);
  });

  it('removes control characters but keeps line breaks and tabs', () => {
    expect(repairDecodedText('a\u0000b\u0007c\u001bd\u007f\te\r\nf')).toBe('abcd\te\r\nf');
  });
});
