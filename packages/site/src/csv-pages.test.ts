import { wholeCsv } from './csv-pages.js';

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe('the whole CSV from the staff page', () => {
  it('reads every page in order, each with the cursor the one before gave, and keeps the BOM', async () => {
    const pages: Record<string, { text: string; next: string | null }> = {
      first: { text: '\uFEFFidentifiant\r\na\r\n', next: 'c1' },
      c1: { text: 'b\r\n', next: 'c2' },
      c2: { text: 'c\r\n', next: null },
    };
    const asked: (string | null)[] = [];
    const parts = await wholeCsv(async (cursor) => {
      asked.push(cursor);
      const page = pages[cursor ?? 'first']!;
      return { bytes: bytes(page.text), nextCursor: page.next };
    });
    expect(asked).toEqual([null, 'c1', 'c2']);
    const file = Buffer.concat(parts.map((part) => Buffer.from(part)));
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.toString('utf8').slice(1)).toBe('identifiant\r\na\r\nb\r\nc\r\n');
  });
});
