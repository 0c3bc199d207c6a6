import type { Mailer, OutgoingMail } from '@entraide/core';
import { lazily } from './adapters.js';

const mail = (to: string): OutgoingMail => ({ to, subject: 'Bonjour', text: 'Bonjour', html: '<p>Bonjour</p>' });

describe('a mailer loaded on its first mail', () => {
  it('loads nothing until a mail is sent, then once for every mail after', async () => {
    const sent: string[] = [];
    const load = jest.fn(async (): Promise<Mailer> => ({ send: async (outgoing) => void sent.push(outgoing.to) }));
    const mailer = lazily(load);
    expect(load).not.toHaveBeenCalled();
    // Two first mails at once share the one load.
    await Promise.all([mailer.send(mail('a@example.org')), mailer.send(mail('b@example.org'))]);
    await mailer.send(mail('c@example.org'));
    expect(load).toHaveBeenCalledTimes(1);
    expect(sent).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
  });

  it('fails the mail whose load failed, and loads again on the next one', async () => {
    const sent: string[] = [];
    const load = jest
      .fn<Promise<Mailer>, []>()
      .mockRejectedValueOnce(new Error('chunk not found'))
      .mockResolvedValue({ send: async (outgoing) => void sent.push(outgoing.to) });
    const mailer = lazily(load);
    await expect(mailer.send(mail('a@example.org'))).rejects.toThrow('chunk not found');
    await mailer.send(mail('b@example.org'));
    expect(load).toHaveBeenCalledTimes(2);
    expect(sent).toEqual(['b@example.org']);
  });
});
