import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { inboundMailProcessor, s3InboundHandler } from '@entraide/functions/inbound-mail';
import { buildAdapters } from '@entraide/functions/shared/adapters';
import { readRawMail } from '@entraide/mail-transport';
import { localTableName } from '@entraide/dynamodb-store';
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
import { localDynamoClient } from '../../packages/local/src/embedded-servers.js';
import { repositoryRoot, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { mailsTo, publishPost, rawMail } from '../support/relay.js';

/**
 * The S3-triggered path of inbound mail, as in AWS: SES stored the raw message in the tenant's
 * bucket (here s3rver), the S3 event names it, the function reads it and runs the same code as
 * `POST /_local/inbound-email`, then removes the raw mail.
 */
let platform: TestPlatform;
let s3rver: S3rver;
let s3: S3Client;
const s3Directory = mkdtempSync(join(tmpdir(), 'entraide-s3-'));
const bucket = 'entraide-courbevoie-inbound';

beforeAll(async () => {
  platform = await startTestPlatform();
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await s3rver.run();
  s3 = new S3Client({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
afterAll(async () => {
  s3.destroy();
  await s3rver.close();
  await platform.cleanUp();
  rmSync(s3Directory, { recursive: true, force: true });
});

test('a reply stored by SES in S3 is relayed to the other party, and the raw mail is removed', async () => {
  const { postId } = await publishPost(platform, 'courbevoie', 'marie@example.org', { lat: 48.8975, lon: 2.2525 });
  await platform.api('courbevoie', `/posts/${postId}/contact`, { method: 'POST', body: { name: 'Paul', email: 'paul@example.net', message: 'Bonjour Marie' } });
  const aliasForMarie = mailsTo(await platform.outbox(), 'marie@example.org').at(-1)!.replyTo[0]!;

  const dynamoClient = localDynamoClient(platform.dynamoEndpoint);
  const tenant = platform.tenants.find((candidate) => candidate.id === 'courbevoie')!;
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const handler = s3InboundHandler({
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
        dynamoClient,
        mailer: platform.relay.mailQueue(tenant.id),
      }),
    }),
    source: {
      read: (name, key) => readRawMail(s3, name, key, 10 * 1024 * 1024),
      remove: async (name, key) => void (await s3.send(new DeleteObjectCommand({ Bucket: name, Key: key }))),
    },
  });

  // The sample event of events/inbound-mail, pointing at what SES stored.
  const event = JSON.parse(readFileSync(join(repositoryRoot, 'events', 'inbound-mail', 's3-object-created.json'), 'utf8')) as S3Event;
  const key = event.Records[0]!.s3.object.key;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: rawMail({ from: 'Marie <marie@example.org>', to: aliasForMarie, subject: 'Re: Bonjour', text: 'Bonjour Paul, avec plaisir.\n\nMarie\nmarie@example.org', extraHeaders: ['X-SES-Spam-Verdict: PASS', 'X-SES-Virus-Verdict: PASS'] }),
    }),
  );
  const before = (await platform.outbox()).length;
  await handler(event);
  const relayed = (await platform.outbox()).slice(before);
  expect(relayed.map((mail) => mail.destination.to)).toEqual([['paul@example.net']]);
  expect(relayed[0]!.body.text).toContain('Bonjour Paul, avec plaisir.');
  expect(JSON.stringify(relayed[0])).not.toContain('marie@example.org');
  await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });

  // SES found a virus: nothing relayed, whoever sent it.
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: rawMail({ from: 'marie@example.org', to: aliasForMarie, subject: 'Re', text: 'x', extraHeaders: ['X-SES-Virus-Verdict: FAIL'] }) }));
  await handler(event);
  expect((await platform.outbox()).length).toBe(before + 1);
  dynamoClient.destroy();
});
