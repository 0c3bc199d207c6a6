import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SqsMailQueue, sqsSendMessage } from './sqs-mail-queue.js';

/**
 * No embedded SQS runs here: a server on 127.0.0.1 stands for it, answering as SQS's JSON protocol
 * does, so the request the mail queue signs and sends is checked whole (the signing itself:
 * aws-signed's SigV4 vectors).
 */
let server: http.Server;
let endpoint: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let answer = { status: 200, headers: {} as Record<string, string>, body: '{"MessageId":"m-1","MD5OfMessageBody":"x"}' };

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', ...answer.headers }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const queueUrl = 'https://sqs.eu-west-3.amazonaws.com/123456789012/entraide-courbevoie-mail';
const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' };
const clock = { now: () => new Date('2026-04-01T10:00:00.000Z') };
const mail = { to: 'camille@example.org', subject: 'Votre annonce', text: 'Bonjour', html: '<p>Bonjour</p>' };

test('a mail is queued as one SendMessage on the tenant’s queue, signed for sqs with Lambda’s session token', async () => {
  received.length = 0;
  const queue = new SqsMailQueue(
    sqsSendMessage({ region: 'eu-west-3', endpoint, credentials }),
    queueUrl,
    'courbevoie',
    clock,
    () => 'id-1',
  );
  await queue.send(mail);
  expect(received).toHaveLength(1);
  const [request] = received;
  expect(request!.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
  expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
  expect(request!.headers['x-amz-security-token']).toBe('session');
  expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-west-3\/sqs\/aws4_request, /);
  const body = JSON.parse(request!.body) as { QueueUrl: string; MessageBody: string };
  expect(body.QueueUrl).toBe(queueUrl);
  expect(JSON.parse(body.MessageBody)).toMatchObject({
    tenantId: 'courbevoie',
    mail: { to: 'camille@example.org', subject: 'Votre annonce' },
  });
});

test('a refusal fails the send with SQS’s error name and status, so the caller does not think it queued', async () => {
  answer = {
    status: 400,
    headers: {},
    body: '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}',
  };
  const queue = new SqsMailQueue(
    sqsSendMessage({ region: 'eu-west-3', endpoint, credentials }),
    queueUrl,
    'courbevoie',
    clock,
    () => 'id-2',
  );
  await expect(queue.send(mail)).rejects.toMatchObject({ name: 'QueueDoesNotExist', $metadata: { httpStatusCode: 400 } });
});
