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
