import { createServer, type Server } from 'node:net';
import { SendEmailCommand } from '@entraide/ses-mailer';
import { localSesClient, readOutbox, startEmbeddedSes } from './embedded-servers.js';

/** The embedded SES server runs on its own thread, and `npm start` answers before it listens. */
describe('the embedded SES server', () => {
  it('a mail sent before it listens waits for it, then reaches the outbox', async () => {
    let listening!: (endpoint: string) => void;
    const client = localSesClient(new Promise<string>((resolve) => (listening = resolve)));
    let sent = false;
    const sending = client
      .send(
        new SendEmailCommand({
          FromEmailAddress: 'ne-pas-repondre@entraide.localhost',
          Destination: { ToAddresses: ['odette@example.org'] },
          Content: { Simple: { Subject: { Data: 'Votre annonce / Your post' }, Body: { Text: { Data: 'Bonjour' } } } },
        }),
      )
      .then(() => (sent = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent).toBe(false);

    const ses = await startEmbeddedSes({ port: 0 });
    try {
      listening(ses.endpoint);
      await sending;
      const outbox = await readOutbox(ses.endpoint);
      expect(outbox.map((mail) => [mail.destination.to, mail.subject])).toEqual([[['odette@example.org'], 'Votre annonce / Your post']]);
    } finally {
      client.destroy();
      await ses.stop();
    }
    await expect(fetch(`${ses.endpoint}/store`)).rejects.toThrow();
  });

  it('a port already taken is refused with EADDRINUSE, which npm start explains', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startEmbeddedSes({ port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: expect.stringContaining(String(port)),
      });
    } finally {
      taken.close();
    }
  });
});
