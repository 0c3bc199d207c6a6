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
import type { SNSEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  localDocClient,
  localDynamoClient,
  localSesClient,
  readOutbox,
  startEmbeddedDynamo,
  startEmbeddedSes,
  type RunningServer,
} from '../../packages/local/src/embedded-servers.js';
import { LocalMailQueue } from '../../packages/local/src/mail-queue.js';
import { repositoryRoot } from '../support/platform.js';
import { beyondGrant, recordingDocClient } from '../support/table-access.js';

/** The outgoing-mail queue's consumer against the embedded DynamoDB (its ledger) and SES. */
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

const record = (body: string, messageId: string): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-3:123456789012:mail',
  awsRegion: 'eu-west-3',
});

const queued = (outgoing: OutgoingMail, id = `m-${++sequence}`) =>
  record(JSON.stringify(toQueuedMail(tenantId, outgoing, new Date(), () => id)), id);

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

  it('every message ends up sent exactly once, through throttling, retries and a duplicated delivery', async () => {
    sesMock.reset();
    // SES refuses the first eleven calls (more than one delivery's attempts), then takes everything.
    let refusals = 11;
    sesMock.on(SendEmailCommand).callsFake(() => {
      if (refusals-- > 0)
        throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
      return { MessageId: 'ok' };
    });
    const sender = mockedSesSender();
    const recipients = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org', 'e@example.org', 'f@example.org'];
    const batch = recipients.map((to) => queued(mail(to)));
    // What SQS does: deliver, take back what was reported, deliver that again later; and once
    // in a while deliver a message a second time although it was handled.
    let pending = batch;
    let rounds = 0;
    while (pending.length > 0 && rounds++ < 10) {
      const response = await sender({ Records: pending });
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      pending = pending.filter((message) => failed.has(message.messageId));
    }
    expect(pending).toEqual([]);
    expect(rounds).toBeGreaterThan(1);
    expect((await sender({ Records: batch })).batchItemFailures).toEqual([]);
    const delivered = sesMock
      .commandCalls(SendEmailCommand)
      .filter((call, index) => index >= 11)
      .map((call) => (call.args[0].input as SendEmailCommandInput).Destination?.ToAddresses?.[0]);
    expect(delivered.sort()).toEqual(recipients);
  });

  it('a poison message is reported alone; the rest of its batch is sent', async () => {
    sesMock.reset();
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ok' });
    const sender = mockedSesSender();
    const response = await sender({
      Records: [
        queued(mail('g@example.org')),
        record('{"not":"a mail"}', 'poison-1'),
        record('no json at all', 'poison-2'),
        queued(mail('h@example.org')),
      ],
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'poison-1' }, { itemIdentifier: 'poison-2' }]);
    expect(sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination?.ToAddresses)).toEqual([
      ['g@example.org'],
      ['h@example.org'],
    ]);
  });

  it('the sample batch (events/mail-sender): the verification mail is sent, the malformed one reported', async () => {
    sesMock.reset();
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ok' });
    const event = JSON.parse(readFileSync(join(repositoryRoot, 'events', 'mail-sender', 'batch.json'), 'utf8')) as SQSEvent;
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
    expect(await sender(event)).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
    const input = sesMock.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination).toEqual({ ToAddresses: ['ana@example.org'] });
    // Tagged with its tenant and post: a bounce comes back to this tenant and flags this post.
    expect(input.EmailTags).toEqual([
      { Name: 'tenant', Value: 'courbevoie' },
      { Name: 'post', Value: 'samplepost01' },
      { Name: 'purpose', Value: 'verification' },
    ]);
  });

  it('hands each thread the Message-ID SES gave its recipient; a failure there is repaired by the redelivery, with no second mail', async () => {
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
    expect((await sender({ Records: [message] })).batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
    expect((await sender({ Records: [message] })).batchItemFailures).toEqual([]);
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

describe('the local queue, with the embedded SES', () => {
  const build = () => {
    const sesClient = localSesClient(ses.endpoint);
    clients.push(sesClient);
    const sender = mailSenderHandler({
      tenantId,
      ledger: ledger(),
      transport: new SesMailer(sesClient, { from, tenantId }),
      clock: systemClock,
      logger: silent(),
    });
    return new LocalMailQueue({ tenantId, sender, clock: systemClock, randomId: () => `local-${++sequence}`, redeliveryDelayMs: 0 });
  };

  it('a poison message lands in the dead-letter queue after 3 receives, without holding back the mails beside it', async () => {
    const queue = build();
    const before = (await readOutbox(ses.endpoint)).length;
    const poisonId = queue.enqueueBody('{"mailId":"x"}');
    await queue.send(mail('i@example.org'));
    await queue.send(mail('j@example.org'));
    for (let drains = 0; drains < 5 && queue.state().pending.length > 0; drains++) await queue.drain();
    expect(queue.state()).toEqual({ pending: [], deadLetters: [{ messageId: poisonId, receiveCount: 3, body: '{"mailId":"x"}' }] });
    const sent = (await readOutbox(ses.endpoint)).slice(before);
    expect(sent.map((outboxMail) => outboxMail.destination.to)).toEqual([['i@example.org'], ['j@example.org']]);
    queue.stop();
  });

  it('a bounced address receives nothing more, and the post its mail was about is flagged to staff', async () => {
    const queue = build();
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
    await queue.send(mail('gone@example.org', { postId: 'samplepost01', purpose: 'verification' }));
    const before = (await readOutbox(ses.endpoint)).length;
    // SES reports a permanent bounce for it (events/mail-events/ses-bounce.json).
    await events(JSON.parse(readFileSync(join(repositoryRoot, 'events', 'mail-events', 'ses-bounce.json'), 'utf8')) as SNSEvent);
    await queue.send(mail('gone@example.org'));
    await queue.send(mail('GONE@example.org', { subject: 'Relance' }));
    await queue.send(mail('still-here@example.org'));
    const sent = (await readOutbox(ses.endpoint)).slice(before);
    expect(sent.map((outboxMail) => outboxMail.destination.to)).toEqual([['still-here@example.org']]);
    expect(queue.state()).toEqual({ pending: [], deadLetters: [] });
    const flag = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: mailLedgerKeys.undeliverable(tenantId, 'samplepost01') }),
    );
    expect(flag.Item).toMatchObject({ postId: 'samplepost01', reason: 'bounce', gsi1pk: 'T#courbevoie#FLAGGED_MAIL' });
    // The suppression list never holds the address in clear.
    const suppressed = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: mailLedgerKeys.suppressed(tenantId, 'gone@example.org') }),
    );
    expect(JSON.stringify(suppressed.Item)).not.toContain('gone@');
    queue.stop();
  });
});

test('the sender and the events function sent their table only what their roles grant (functions/table-access.ts)', () => {
  // Claims, duplicates, releases after throttling, sent markers; suppressions, flags and counters.
  expect([...senderTable.sent].sort()).toEqual(['DeleteItem', 'GetItem', 'PutItem', 'UpdateItem']);
  expect(beyondGrant('mail-sender', senderTable.sent)).toEqual([]);
  expect([...eventsTable.sent].sort()).toEqual(['PutItem', 'UpdateItem']);
  expect(beyondGrant('mail-events', eventsTable.sent)).toEqual([]);
});
