import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@entraide/functions/shared/logger';
import { SendEmailCommand, SESv2Client, TooManyRequestsException, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { conversationThreadKey, parseTenantConfig, systemClock, threadRecorder, toQueuedMail, type OutgoingMail } from '@entraide/core';
import { DynamoMailLedger, DynamoRelayStore, DynamoStatsStore, GetCommand, mailLedgerKeys } from '@entraide/dynamodb-store';
import { ensureTable } from '@entraide/dynamodb-store/create-table';
import { mailEventsHandler } from '@entraide/functions/mail-events';
import { mailSenderHandler, type MailSenderDeps } from '@entraide/functions/mail-sender';
import { SesMailer } from '@entraide/ses-mailer';
import { mockClient } from 'aws-sdk-client-mock';
import type { SNSEvent } from 'aws-lambda';
import {
  localDocClient,
  localDynamoClient,
  localSesClient,
  readOutbox,
  startEmbeddedDynamo,
  startEmbeddedSes,
  type RunningServer,
} from '../../packages/local/src/embedded-servers.js';
import { LocalMailSender } from '../../packages/local/src/mail-sender.js';
import { repositoryRoot } from '../support/platform.js';
import { beyondGrant, recordingDocClient } from '../support/table-access.js';

/** The mail sender, invoked with one mail at a time, against the embedded DynamoDB (its ledger) and SES. */
let dynamo: RunningServer;
let ses: RunningServer;
let documentClient: ReturnType<typeof localDocClient>;
/** What the sender's and the events function's code send to the table, to hold against their grants. */
let senderTable: ReturnType<typeof recordingDocClient>;
let eventsTable: ReturnType<typeof recordingDocClient>;
const clients: { destroy(): void }[] = [];
const tableName = 'entraide-courbevoie';
const tenantId = 'courbevoie';
const silent = () => createLogger('test', 'SILENT');
const from = 'Entraide <ne-pas-repondre@entraide.example>';

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({ port: 0 });
  ses = await startEmbeddedSes({ port: 0 });
  const dynamoClient = localDynamoClient(dynamo.endpoint);
  clients.push(dynamoClient);
  documentClient = localDocClient(dynamo.endpoint);
  clients.push(documentClient);
  senderTable = recordingDocClient(documentClient);
  eventsTable = recordingDocClient(documentClient);
  await ensureTable(dynamoClient, tableName);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await ses.stop();
  await dynamo.stop();
});

let sequence = 0;
const mail = (to: string, extra: Partial<OutgoingMail> = {}): OutgoingMail => ({
  to,
  subject: `Message ${++sequence}`,
  text: `Bonjour ${to}`,
  html: `<p>Bonjour</p>`,
  ...extra,
});

const queued = (outgoing: OutgoingMail, id = `m-${++sequence}`) => toQueuedMail(tenantId, outgoing, new Date(), () => id);

/** Invokes the sender as Lambda does, answering whether it threw (Lambda then retries it). */
const attempt = async (sender: (event: unknown) => Promise<unknown>, payload: unknown): Promise<'handled' | 'retry'> => {
  try {
    await sender(payload);
    return 'handled';
  } catch {
    return 'retry';
  }
};

const ledger = (table = senderTable) => new DynamoMailLedger(table.client, tableName, tenantId);

describe('the mail sender, SES throttling injected', () => {
  const sesMock = mockClient(SESv2Client);
  afterAll(() => sesMock.restore());
  /** The sender on SES's client (mocked here), its retries without waiting. */
  const mockedSesSender = (extra: Partial<MailSenderDeps> = {}) =>
    mailSenderHandler({
      tenantId,
      ledger: ledger(),
      transport: new SesMailer(new SESv2Client({ region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), { from }),
      clock: systemClock,
      logger: silent(),
      sleep: async () => undefined,
      ...extra,
    });

  it('every mail ends up sent exactly once, through throttling, retries and a duplicated delivery', async () => {
    sesMock.reset();
    // SES refuses the first eleven calls (more than one invocation's attempts), then takes everything.
    let refusals = 11;
    sesMock.on(SendEmailCommand).callsFake(() => {
      if (refusals-- > 0)
        throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
      return { MessageId: 'ok' };
    });
    const sender = mockedSesSender();
    const recipients = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org', 'e@example.org', 'f@example.org'];
    const mails = recipients.map((to) => queued(mail(to)));
    // What Lambda does: invoke, invoke again what threw; and once in a while invoke a second
    // time with an event it already handled.
    let pending = mails;
    let rounds = 0;
    while (pending.length > 0 && rounds++ < 10) {
      const outcomes: ('handled' | 'retry')[] = [];
      for (const payload of pending) outcomes.push(await attempt(sender, payload));
      pending = pending.filter((_, index) => outcomes[index] === 'retry');
    }
    expect(pending).toEqual([]);
    expect(rounds).toBeGreaterThan(1);
    for (const payload of mails) expect(await sender(payload)).toEqual({ outcome: 'duplicate' });
    const delivered = sesMock
      .commandCalls(SendEmailCommand)
      .filter((call, index) => index >= 11)
      .map((call) => (call.args[0].input as SendEmailCommandInput).Destination?.ToAddresses?.[0]);
    expect(delivered.sort()).toEqual(recipients);
  });

  it('a poison payload is refused (to be dead-lettered); a mail of another tenant too; nothing is sent for them', async () => {
    sesMock.reset();
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ok' });
    const sender = mockedSesSender();
    await expect(sender({ not: 'a mail' })).rejects.toMatchObject({ name: 'PoisonMessageError' });
    await expect(sender('no json at all')).rejects.toMatchObject({ name: 'PoisonMessageError' });
    await expect(sender(toQueuedMail('paris', mail('z@example.org'), new Date(), () => 'other-tenant'))).rejects.toMatchObject({
      name: 'PoisonMessageError',
    });
    expect(await sender(queued(mail('h@example.org')))).toEqual({ outcome: 'sent' });
    expect(sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination?.ToAddresses)).toEqual([['h@example.org']]);
  });

  it('the sample mail (events/mail-sender/mail.json) is sent, tagged; the sample dead letter, sent back as is, is delivered', async () => {
    sesMock.reset();
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ok' });
    const sample = (name: string) => JSON.parse(readFileSync(join(repositoryRoot, 'events', 'mail-sender', name), 'utf8')) as unknown;
    const sender = mailSenderHandler({
      tenantId,
      ledger: ledger(),
      transport: new SesMailer(new SESv2Client({ region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), {
        from,
        tenantId,
      }),
      clock: systemClock,
      logger: silent(),
    });
    expect(await sender(sample('mail.json'))).toEqual({ outcome: 'sent' });
    const input = sesMock.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination).toEqual({ ToAddresses: ['ana@example.org'] });
    // Tagged with its tenant and post: a bounce comes back to this tenant and flags this post.
    expect(input.EmailTags).toEqual([
      { Name: 'tenant', Value: 'courbevoie' },
      { Name: 'post', Value: 'samplepost01' },
      { Name: 'purpose', Value: 'verification' },
    ]);
    // The operator's redrive: Lambda's on-failure record, its mail under requestPayload.
    expect(await sender(sample('dead-letter.json'))).toEqual({ outcome: 'sent' });
    expect(sesMock.commandCalls(SendEmailCommand)[1]!.args[0].input.Destination).toEqual({ ToAddresses: ['bruno@example.org'] });
    expect(await sender(sample('dead-letter.json'))).toEqual({ outcome: 'duplicate' });
  });

  it('hands each thread the Message-ID SES gave its recipient; a failure there is repaired by Lambda’s retry, with no second mail', async () => {
    sesMock.reset();
    sesMock.on(SendEmailCommand).resolves({ MessageId: '0107019a-thread-000000' });
    const recorded: [string, string][] = [];
    let failures = 1;
    const sender = mockedSesSender({
      sent: async (threadKey, messageId) => {
        if (failures-- > 0) throw new Error('the table did not answer');
        recorded.push([threadKey, messageId]);
      },
    });
    const earlier = '<0107019a-earlier-000000@eu-west-3.amazonses.com>';
    const message = queued(mail('k@example.org', { threadKey: 'post1/thread', inReplyTo: earlier, references: [earlier] }));
    expect(await attempt(sender, message)).toBe('retry');
    expect(await attempt(sender, message)).toBe('handled');
    expect(recorded).toEqual([['post1/thread', '<0107019a-thread-000000@eu-west-3.amazonses.com>']]);
    const calls = sesMock.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.Content?.Simple?.Headers).toEqual(
      expect.arrayContaining([
        { Name: 'In-Reply-To', Value: earlier },
        { Name: 'References', Value: earlier },
      ]),
    );
  });
});

describe('the Message-IDs each party of a conversation received, in its record', () => {
  it('records arriving at once all land (versioned conditional writes), the last ten kept; an erased conversation gets none back', async () => {
    const store = new DynamoRelayStore(senderTable.client, tableName);
    const conversation = {
      tenantId,
      postId: 'threadpost1',
      residentKey: 'a'.repeat(32),
      resident: { name: 'Bob', email: 'bob@example.org' },
      authorAlias: 'threadaliasauthor234567abcdefghi',
      residentAlias: 'threadaliasresident4567abcdefghi',
      createdAt: new Date().toISOString(),
    };
    await new DynamoRelayStore(documentClient, tableName).openConversation(conversation, new Date(Date.now() + 86_400_000));
    const record = threadRecorder(store, tenantId);
    const ids = (party: string) => Array.from({ length: 6 }, (_, index) => `<${party}-${index}@eu-west-3.amazonses.com>`);
    await Promise.all([
      ...ids('author').map((id) => record(conversationThreadKey(conversation, 'author'), id)),
      ...ids('resident').map((id) => record(conversationThreadKey(conversation, 'resident'), id)),
    ]);
    const stored = await store.getConversation(tenantId, conversation.postId, conversation.residentKey);
    expect(stored!.messageIds!.author!.sort()).toEqual(ids('author').sort());
    expect(stored!.messageIds!.resident!.sort()).toEqual(ids('resident').sort());
    for (let index = 6; index < 12; index++) await record(conversationThreadKey(conversation, 'author'), `<author-${index}@x.example>`);
    expect((await store.getConversation(tenantId, conversation.postId, conversation.residentKey))!.messageIds!.author).toHaveLength(10);

    await new DynamoRelayStore(documentClient, tableName).eraseConversation(conversation);
    await record(conversationThreadKey(conversation, 'author'), '<late@eu-west-3.amazonses.com>');
    expect(await store.getConversation(tenantId, conversation.postId, conversation.residentKey)).toBeUndefined();
  });
});

describe('the local asynchronous invocations of the sender, with the embedded SES', () => {
  const build = () => {
    const sesClient = localSesClient(ses.endpoint);
    clients.push(sesClient);
    const handler = mailSenderHandler({
      tenantId,
      ledger: ledger(),
      transport: new SesMailer(sesClient, { from, tenantId }),
      clock: systemClock,
      logger: silent(),
    });
    return new LocalMailSender({
      tenantId,
      sender: (event) => handler(event),
      clock: systemClock,
      randomId: () => `local-${++sequence}`,
      retryDelayMs: 0,
    });
  };

  it('a poison payload is dead-lettered after 3 attempts with Lambda’s on-failure record, without holding back the mails beside it', async () => {
    const sender = build();
    const before = (await readOutbox(ses.endpoint)).length;
    const poisonId = await sender.invoke({ mailId: 'x' });
    await sender.send(mail('i@example.org'));
    await sender.send(mail('j@example.org'));
    for (let runs = 0; runs < 5 && sender.state().pending.length > 0; runs++) await sender.runDue();
    expect(sender.state()).toEqual({
      pending: [],
      deadLetters: [
        {
          invocationId: poisonId,
          attempts: 3,
          record: expect.objectContaining({
            requestContext: expect.objectContaining({ condition: 'RetriesExhausted', approximateInvokeCount: 3 }),
            requestPayload: { mailId: 'x' },
            responsePayload: expect.objectContaining({ errorType: 'PoisonMessageError' }),
          }),
        },
      ],
    });
    const sent = (await readOutbox(ses.endpoint)).slice(before);
    expect(sent.map((outboxMail) => outboxMail.destination.to)).toEqual([['i@example.org'], ['j@example.org']]);
    sender.stop();
  });

  it('a bounced address receives nothing more, and the post its mail was about is flagged to staff', async () => {
    const sender = build();
    const tenant = parseTenantConfig(
      JSON.parse(readFileSync(join(repositoryRoot, 'infra', 'tenants', 'courbevoie.json'), 'utf8')),
      'courbevoie',
    );
    const events = mailEventsHandler({
      tenant,
      ledger: ledger(eventsTable),
      stats: new DynamoStatsStore(eventsTable.client, tableName),
      clock: systemClock,
      logger: silent(),
    });
    await sender.send(mail('gone@example.org', { postId: 'samplepost01', purpose: 'verification' }));
    const before = (await readOutbox(ses.endpoint)).length;
    // SES reports a permanent bounce for it (events/mail-events/ses-bounce.json).
    await events(JSON.parse(readFileSync(join(repositoryRoot, 'events', 'mail-events', 'ses-bounce.json'), 'utf8')) as SNSEvent);
    await sender.send(mail('gone@example.org'));
    await sender.send(mail('GONE@example.org', { subject: 'Relance' }));
    await sender.send(mail('still-here@example.org'));
    const sent = (await readOutbox(ses.endpoint)).slice(before);
    expect(sent.map((outboxMail) => outboxMail.destination.to)).toEqual([['still-here@example.org']]);
    expect(sender.state()).toEqual({ pending: [], deadLetters: [] });
    const flag = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: mailLedgerKeys.undeliverable(tenantId, 'samplepost01') }),
    );
    expect(flag.Item).toMatchObject({ postId: 'samplepost01', reason: 'bounce', gsi1pk: 'T#courbevoie#FLAGGED_MAIL' });
    // The suppression list never holds the address in clear.
    const suppressed = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: mailLedgerKeys.suppressed(tenantId, 'gone@example.org') }),
    );
    expect(JSON.stringify(suppressed.Item)).not.toContain('gone@');
    sender.stop();
  });
});

test('the sender and the events function sent their table only what their roles grant (functions/table-access.ts)', () => {
  // Claims, duplicates, releases after throttling, sent markers; suppressions, flags and counters.
  expect([...senderTable.sent].sort()).toEqual(['DeleteItem', 'GetItem', 'PutItem', 'UpdateItem']);
  expect(beyondGrant('mail-sender', senderTable.sent)).toEqual([]);
  expect([...eventsTable.sent].sort()).toEqual(['PutItem', 'UpdateItem']);
  expect(beyondGrant('mail-events', eventsTable.sent)).toEqual([]);
});
