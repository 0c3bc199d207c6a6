import { kvsSender } from './kvs-client.js';

const kvsArn = 'arn:aws:cloudfront::123456789012:key-value-store/0b1c2d3e-aaaa-bbbb-cccc-000000000001';

test('a key is written on the data plane of the store’s account, signed with SigV4A for every region, with the ETag it read', async () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const send = kvsSender({
    kvsArn,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy-secret-for-tests', sessionToken: 'session' },
    fetch: async (url, init) => {
      calls.push({ url: String(url), init: init! });
      return new Response('{"ItemCount":1}', { status: 200, headers: { etag: 'E2' } });
    },
  });
  const answer = await send({
    method: 'PUT',
    path: '/keys/paris',
    ifMatch: 'E1',
    body: '{"Value":"a1.execute-api.eu-west-3.amazonaws.com"}',
  });
  expect(answer).toEqual({ status: 200, etag: 'E2', body: '{"ItemCount":1}' });
  const [call] = calls;
  expect(call?.url).toBe(
    'https://123456789012.cloudfront-kvs.global.api.aws/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A123456789012%3Akey-value-store%2F0b1c2d3e-aaaa-bbbb-cccc-000000000001/keys/paris',
  );
  const headers = call?.init.headers as Record<string, string>;
  expect(headers['if-match']).toBe('E1');
  expect(headers['x-amz-region-set']).toBe('*');
  expect(headers['x-amz-security-token']).toBe('session');
  expect(headers.authorization).toMatch(
    /^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cloudfront-keyvaluestore\/aws4_request, SignedHeaders=[a-z0-9;-]*if-match[a-z0-9;-]*x-amz-region-set[a-z0-9;-]*, Signature=[0-9a-f]{64,}$/,
  );
  expect(call?.init.body).toBe('{"Value":"a1.execute-api.eu-west-3.amazonaws.com"}');
});
