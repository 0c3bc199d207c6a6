import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { lambdaInvokeAsync } from '@entraide/aws-signed';
import { InvokedMailer } from './invoked-mailer.js';

/**
 * No embedded Lambda runs here: a server on 127.0.0.1 stands for its Invoke API, answering as
 * Lambda does, so the request the mailer signs and sends is checked whole (the signing itself:
 * aws-signed's SigV4 vectors).
 */
let server: http.Server;
let endpoint: string;
const received: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let answer = { status: 202, headers: {} as Record<string, string>, body: '' };

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const senderFunction = 'Entraide-courbevoie-MailRelayMailSender1A2B3C-abcdef';
const credentials = { accessKeyId: 'dummy-key-id', secretAccessKey: 'secret', sessionToken: 'session' };
const clock = { now: () => new Date('2026-04-01T10:00:00.000Z') };
const mail = { to: 'camille@example.org', subject: 'Votre annonce', text: 'Bonjour', html: '<p>Bonjour</p>' };
const mailer = (id: string) =>
  new InvokedMailer(lambdaInvokeAsync({ region: 'eu-west-3', endpoint, credentials }), senderFunction, 'courbevoie', clock, () => id);

test('a mail is one asynchronous Invoke of the tenant’s sender, signed for lambda with Lambda’s session token', async () => {
  received.length = 0;
  await mailer('id-1').send(mail);
  expect(received).toHaveLength(1);
  const [request] = received;
  expect(request!.url).toBe(`/2015-03-31/functions/${senderFunction}/invocations`);
  expect(request!.headers['x-amz-invocation-type']).toBe('Event');
  expect(request!.headers['x-amz-security-token']).toBe('session');
  expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=dummy-key-id\/\d{8}\/eu-west-3\/lambda\/aws4_request, /);
  expect(JSON.parse(request!.body)).toEqual({
    mailId: 'id-1',
    tenantId: 'courbevoie',
    enqueuedAt: '2026-04-01T10:00:00.000Z',
    mail,
  });
});

test('a refusal fails the send with Lambda’s error name and status, so the caller does not think it was handed over', async () => {
  answer = {
    status: 429,
    headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
    body: '{"Type":"User","message":"Rate Exceeded."}',
  };
  await expect(mailer('id-2').send(mail)).rejects.toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
  answer = { status: 404, headers: {}, body: '{"Type":"User","message":"Function not found"}' };
  await expect(mailer('id-3').send(mail)).rejects.toThrow(`no mail sender ${senderFunction}`);
});
