import { tenantRouteProvider, tenantRoutes, type KvsRequest, type KvsSend } from './app.js';

/** The KeyValueStore's data plane as it behaves: every write names the ETag it read, a stale one is a 409. */
function fakeStore(options: { conflicts?: number } = {}) {
  const keys = new Map<string, string>();
  let version = 1;
  let conflictsLeft = options.conflicts ?? 0;
  const requests: KvsRequest[] = [];
  const send: KvsSend = async (request) => {
    requests.push(request);
    if (request.method === 'GET') return { status: 200, etag: `v${version}`, body: '{}' };
    // Another tenant's deploy wrote between this one's read and its write.
    if (conflictsLeft > 0) {
      conflictsLeft--;
      version++;
    }
    if (request.ifMatch !== `v${version}`) return { status: 409, etag: undefined, body: '{"Message":"ETag mismatch"}' };
    const key = decodeURIComponent(request.path.replace('/keys/', ''));
    if (request.method === 'DELETE' && !keys.has(key)) return { status: 404, etag: undefined, body: '{}' };
    if (request.method === 'PUT') keys.set(key, (JSON.parse(request.body!) as { Value: string }).Value);
    else keys.delete(key);
    version++;
    return { status: 200, etag: `v${version}`, body: '{}' };
  };
  return { keys, send, requests };
}

const event = (RequestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, PhysicalResourceId?: string) => ({
  RequestType,
  ResponseURL: 'https://cloudformation-response.example/abc',
  StackId: 'arn:aws:cloudformation:eu-west-3:123456789012:stack/Entraide-paris/1',
  RequestId: 'request-1',
  LogicalResourceId: 'TenantApiRoute',
  ...(PhysicalResourceId ? { PhysicalResourceId } : {}),
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-3:123456789012:function:entraide-tenant-routes', ...properties },
});

const noPause = async () => undefined;

function provider(store: ReturnType<typeof fakeStore>) {
  const responses: { url: string; body: Record<string, unknown> }[] = [];
  const handle = tenantRouteProvider({
    routes: tenantRoutes(store.send, noPause),
    respond: async (url, body) => void responses.push({ url, body: JSON.parse(body) as Record<string, unknown> }),
  });
  return { handle, responses };
}

const paris = { TenantId: 'paris', ApiDomain: 'a1b2c3.execute-api.eu-west-3.amazonaws.com' };

test('a tenant stack’s create routes /t/<id>/api/ to its API: the key is written, and CloudFormation told so with the id', async () => {
  const store = fakeStore();
  const { handle, responses } = provider(store);
  await handle(event('Create', paris));
  expect(store.keys.get('paris')).toBe('a1b2c3.execute-api.eu-west-3.amazonaws.com');
  expect(responses).toEqual([
    {
      url: 'https://cloudformation-response.example/abc',
      body: expect.objectContaining({
        Status: 'SUCCESS',
        PhysicalResourceId: 'paris',
        RequestId: 'request-1',
        LogicalResourceId: 'TenantApiRoute',
      }),
    },
  ]);
});

test('tenant stacks deployed at once: a write refused for a stale ETag reads it again and lands', async () => {
  const store = fakeStore({ conflicts: 3 });
  const { handle, responses } = provider(store);
  await handle(event('Create', paris));
  expect(store.keys.get('paris')).toBe(paris.ApiDomain);
  expect(responses[0]?.body.Status).toBe('SUCCESS');
  expect(store.requests.filter((request) => request.method === 'PUT')).toHaveLength(4);
});

test('removing the tenant stack deletes its key; deleting it again (or a key never written) succeeds', async () => {
  const store = fakeStore();
  const { handle, responses } = provider(store);
  await handle(event('Create', paris));
  await handle(event('Delete', paris, 'paris'));
  expect(store.keys.has('paris')).toBe(false);
  await handle(event('Delete', paris, 'paris'));
  expect(responses.map((response) => response.body.Status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
});

test('anything but a tenant id and an execute-api domain is refused, named, and CloudFormation is still answered', async () => {
  const store = fakeStore();
  const { handle, responses } = provider(store);
  await handle(event('Create', { TenantId: 'Paris/../x', ApiDomain: 'evil.example.com' }));
  expect(store.keys.size).toBe(0);
  expect(responses[0]?.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'request-1' });
  expect(String(responses[0]?.body.Reason)).toMatch(/TenantId.*ApiDomain/s);
});

test('a store that keeps failing fails the deploy with its answer, rather than leaving CloudFormation waiting', async () => {
  const { handle, responses } = provider({
    ...fakeStore(),
    send: async () => ({ status: 403, etag: undefined, body: 'AccessDenied' }),
  } as never);
  await handle(event('Update', paris, 'paris'));
  expect(responses[0]?.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'paris', Reason: expect.stringContaining('403') });
});
