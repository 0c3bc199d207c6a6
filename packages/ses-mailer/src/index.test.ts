import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { SesMailer } from './index.js';

const sesMock = mockClient(SESv2Client);
const client = new SESv2Client({ region: 'eu-west-3', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const mail = {
  to: 'camille@example.org',
  subject: 'Confirmez votre annonce « Courses »',
  text: 'Bonjour Camille,\nVoici votre lien.',
  html: '<p>Bonjour Camille,</p>',
};

beforeEach(() => {
  sesMock.reset();
  sesMock.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
});

const sent = () => sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input);

describe('SesMailer', () => {
  it('sends one mail, from the platform, to the recipient only, with both parts in UTF-8', async () => {
    await new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>' }).send(mail);
    expect(sent()).toEqual([
      {
        FromEmailAddress: 'Entraide <no-reply@entraide.example>',
        Destination: { ToAddresses: ['camille@example.org'] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
            Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
          },
        },
      },
    ]);
  });

  it('marks every mail the platform writes Auto-Submitted (RFC 3834), but not a person’s words the relay passes on', async () => {
    const mailer = new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>' });
    for (const purpose of ['verification', 'relay_notice', 'follow_up', 'digest', 'staff', undefined] as const)
      await mailer.send({ ...mail, purpose });
    await mailer.send({ ...mail, purpose: 'relay' });
    expect(sent().map((input) => input.Content?.Simple?.Headers)).toEqual([
      ...Array(6).fill([{ Name: 'Auto-Submitted', Value: 'auto-generated' }]),
      undefined,
    ]);
  });

  it('answers the Message-ID SES gives the recipient, and passes In-Reply-To and References on (SES keeps them)', async () => {
    const earlier = ['<a-1@eu-west-3.amazonses.com>', '<a-2@eu-west-3.amazonses.com>'];
    const mailer = new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>' });
    expect(await mailer.send({ ...mail, purpose: 'relay', inReplyTo: earlier[1], references: earlier })).toEqual({
      messageId: '<message-1@eu-west-3.amazonses.com>',
    });
    expect(sent()[0]!.Content?.Simple?.Headers).toEqual([
      { Name: 'In-Reply-To', Value: earlier[1] },
      { Name: 'References', Value: earlier.join(' ') },
    ]);
    const virginia = new SESv2Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    expect(await new SesMailer(virginia, { from: 'Entraide <no-reply@entraide.example>' }).send(mail)).toEqual({
      messageId: '<message-1@email.amazonses.com>',
    });
  });

  it('gives a list mail the mail program’s one-click unsubscribe (RFC 8058)', async () => {
    const url = 'https://entraide.example/t/courbevoie/api/alerts/a1/unsubscribe?token=secret';
    await new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>' }).send({
      ...mail,
      purpose: 'digest',
      listUnsubscribe: url,
    });
    expect(sent()[0]!.Content?.Simple?.Headers).toEqual([
      { Name: 'Auto-Submitted', Value: 'auto-generated' },
      { Name: 'List-Unsubscribe', Value: `<${url}>` },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('keeps References within what SES takes in one header (870 characters): the newest ids', async () => {
    const ids = Array.from({ length: 10 }, (_, index) => `<${String(index).padStart(150, 'x')}@eu-west-3.amazonses.com>`);
    await new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>' }).send({ ...mail, references: ids });
    const references = sent()[0]!.Content!.Simple!.Headers!.find((header) => header.Name === 'References')!.Value!;
    expect(references.length).toBeLessThanOrEqual(870);
    expect(references.endsWith(ids.at(-1)!)).toBe(true);
    expect(references.split(' ')).toEqual(ids.slice(-references.split(' ').length));
  });

  it('flattens a subject that would start another header', async () => {
    await new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>' }).send({
      ...mail,
      subject: 'Courses\r\nBcc: x@evil.example',
    });
    expect(sent()[0]!.Content?.Simple?.Subject?.Data).not.toMatch(/[\r\n]/);
  });

  it('sets Reply-To and the configuration set only when given', async () => {
    await new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>', configurationSetName: 'entraide' }).send({
      ...mail,
      replyTo: 'relay-abc@relay.entraide.example',
    });
    expect(sent()[0]).toMatchObject({ ReplyToAddresses: ['relay-abc@relay.entraide.example'], ConfigurationSetName: 'entraide' });
  });

  it('fails when SES fails, so the caller knows the mail is not sent', async () => {
    sesMock.on(SendEmailCommand).rejects(new Error('Throttling: Maximum sending rate exceeded'));
    await expect(new SesMailer(client, { from: 'Entraide <no-reply@entraide.example>' }).send(mail)).rejects.toThrow('Throttling');
  });
});
