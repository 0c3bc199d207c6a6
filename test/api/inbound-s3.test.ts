import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@entraide/functions/shared/logger';
import { inboundMailProcessor, sesInboundHandler } from '@entraide/functions/inbound-mail';
import { buildAdapters } from '@entraide/functions/shared/adapters';
import { readRawMail } from '@entraide/mail-transport';
import { S3Objects } from '@entraide/s3-store';
import { localTableName } from '@entraide/dynamodb-store';
import type { SESEvent } from 'aws-lambda';
import S3rver from 's3rver';
import { localDocClient } from '../../packages/local/src/embedded-servers.js';
import { repositoryRoot, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { mailsTo, publishPost, rawMail } from '../support/relay.js';
import { beyondGrant, recordingDocClient } from '../support/table-access.js';

/**
 * The AWS path of inbound mail: the tenant's receipt rule stored the raw message in its bucket
 * (here s3rver), then invoked the function with the receipt; the function reads the object (S3's
 * REST API signed with aws4, as in Lambda), runs the same code as `POST /_local/inbound-email`
 * and removes the raw mail.
 */
let platform: TestPlatform;
let s3rver: S3rver;
let s3: S3Objects;
const s3Directory = mkdtempSync(join(tmpdir(), 'entraide-s3-'));
const bucket = 'entraide-courbevoie-inbound';

beforeAll(async () => {
  platform = await startTestPlatform();
  s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await s3rver.run();
  s3 = new S3Objects({
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});
afterAll(async () => {
  await s3rver.close();
  await platform.cleanUp();
  rmSync(s3Directory, { recursive: true, force: true });
});

test('a reply stored by SES in S3 is relayed to the other party, and the raw mail is removed', async () => {
  const { postId } = await publishPost(platform, 'courbevoie', 'marie@example.org', { lat: 48.8975, lon: 2.2525 });
  await platform.api('courbevoie', `/posts/${postId}/contact`, {
    method: 'POST',
    body: { name: 'Paul', email: 'paul@example.net', message: 'Bonjour Marie' },
  });
  const aliasForMarie = mailsTo(await platform.outbox(), 'marie@example.org').at(-1)!.replyTo[0]!;

  const documentClient = localDocClient(platform.dynamoEndpoint);
  const table = recordingDocClient(documentClient);
  const tenant = platform.tenants.find((candidate) => candidate.id === 'courbevoie')!;
  const logger = createLogger('test', 'SILENT');
  const keyOf = (messageId: string) => `inbound/${messageId}`;
  const handler = sesInboundHandler({
    tenantId: tenant.id,
    logger,
    process: inboundMailProcessor({
      tenant,
      siteUrl: platform.url,
      logger,
      ...buildAdapters({
        tenantId: tenant.id,
        tableName: localTableName(tenant.id),
        mailFrom: 'Entraide <ne-pas-repondre@entraide.localhost>',
        documentClient: table.client,
        mailer: platform.relay.mailSender(tenant.id),
      }),
    }),
    source: {
      read: (messageId) => readRawMail(s3, keyOf(messageId), 10 * 1024 * 1024),
      remove: (messageId) => s3.remove([keyOf(messageId)]),
    },
  });

  // The sample event of events/inbound-mail, its recipient set to the real alias.
  const event = JSON.parse(
    readFileSync(join(repositoryRoot, 'events', 'inbound-mail', 'ses-receipt.json'), 'utf8').replaceAll(
      'abcdefghijklmnopqrstuvwxyz234567@courbevoie.relay.entraide.example',
      aliasForMarie,
    ),
  ) as SESEvent;
  const key = keyOf(event.Records[0]!.ses.mail.messageId);
  await s3.write(
    key,
    Buffer.from(
      rawMail({
        from: 'Marie <marie@example.org>',
        to: aliasForMarie,
        subject: 'Re: Bonjour',
        text: 'Bonjour Paul, avec plaisir.\n\nMarie\nmarie@example.org',
        extraHeaders: ['X-SES-Spam-Verdict: PASS', 'X-SES-Virus-Verdict: PASS'],
      }),
    ),
    'message/rfc822',
  );
  const before = (await platform.outbox()).length;
  await handler(event);
  const relayed = (await platform.outbox()).slice(before);
  expect(relayed.map((mail) => mail.destination.to)).toEqual([['paul@example.net']]);
  expect(relayed[0]!.body.text).toContain('Bonjour Paul, avec plaisir.');
  expect(JSON.stringify(relayed[0])).not.toContain('marie@example.org');
  expect(await s3.read(key, 1024)).toBe('missing');

  // SES found a virus (its receipt says so, whatever the headers claim): nothing relayed.
  await s3.write(
    key,
    Buffer.from(
      rawMail({
        from: 'marie@example.org',
        to: aliasForMarie,
        subject: 'Re',
        text: 'x',
        extraHeaders: ['X-SES-Virus-Verdict: PASS'],
      }),
    ),
    'message/rfc822',
  );
  event.Records[0]!.ses.receipt.virusVerdict = { status: 'FAIL' };
  await handler(event);
  // A Bcc'd alias is only in the envelope: found all the same.
  event.Records[0]!.ses.receipt.virusVerdict = { status: 'PASS' };
  await s3.write(
    key,
    Buffer.from(rawMail({ from: 'marie@example.org', to: 'someone-else@example.com', subject: 'En copie cachée', text: 'Bonjour Paul' })),
    'message/rfc822',
  );
  await handler(event);
  expect(mailsTo(await platform.outbox(), 'paul@example.net').at(-1)!.subject).toBe('En copie cachée');
  expect((await platform.outbox()).length).toBe(before + 2);
  // Alias, conversation and post read; the conversation's cap and the counters written: all its role grants.
  expect([...table.sent].sort()).toEqual(['GetItem', 'UpdateItem']);
  expect(beyondGrant('inbound-mail', table.sent)).toEqual([]);
  documentClient.destroy();
});
