import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3ObjectError, S3Objects } from './s3-gallery-objects.js';

// What the embedded S3 server never answers: S3's 403 for a missing key to a role that may list
// only its own prefix (the processing function's grant). A server of a few lines plays S3 here.
let server: http.Server;
let endpoint: string;
const stored = new Set(['uploads/t1/denied-but-there']);
const requests: string[] = [];
beforeAll(async () => {
  server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const url = new URL(request.url ?? '/', 'http://s3');
    if (url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...stored].filter((key) => key.startsWith(prefix)).map((key) => `<Contents><Key>${key}</Key></Contents>`);
      response.writeHead(200, { 'content-type': 'application/xml' });
      return void response.end(`<?xml version="1.0"?><ListBucketResult><Prefix>${prefix}</Prefix>${keys.join('')}</ListBucketResult>`);
    }
    response.writeHead(403, { 'content-type': 'application/xml' });
    response.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const objects = () =>
  new S3Objects({
    bucket: 'gallery',
    region: 'eu-west-3',
    endpoint,
    credentials: { accessKeyId: 'dummy-key-id', secretAccessKey: 'secret' },
  });

it('a GET refused for a key that the list of its prefix does not show is a missing object', async () => {
  requests.length = 0;
  expect(await objects().read('uploads/t1/never-uploaded', 1000)).toBe('missing');
  expect(requests).toEqual([
    'GET /gallery/uploads/t1/never-uploaded',
    'GET /gallery?list-type=2&max-keys=1&prefix=uploads%2Ft1%2Fnever-uploaded',
  ]);
});

it('a GET refused for a key that is there stays a refusal', async () => {
  await expect(objects().read('uploads/t1/denied-but-there', 1000)).rejects.toEqual(new S3ObjectError('GetObject', 403, 'AccessDenied'));
});
