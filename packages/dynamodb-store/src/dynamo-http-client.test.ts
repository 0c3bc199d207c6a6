import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient, startEmbeddedDynamo, type RunningServer } from '../../local/src/embedded-servers.js';
import { ensureTable } from './create-table.js';
import {
  ConditionalCheckFailedException,
  DeleteCommand,
  docClientOf,
  DynamoDBError,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from './doc-client.js';
import { DynamoHttpClient, type HttpExchange } from './dynamo-http-client.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('against the embedded DynamoDB', () => {
  let server: RunningServer;
  let tables: ReturnType<typeof localDynamoClient>;
  let client: DynamoHttpClient;
  const TableName = 'transport';

  beforeAll(async () => {
    server = await startEmbeddedDynamo({ port: 0 });
    tables = localDynamoClient(server.endpoint);
    await ensureTable(tables, TableName);
    client = new DynamoHttpClient({ endpoint: server.endpoint, region: 'eu-west-3', credentials });
  });
  afterAll(async () => {
    client.destroy();
    tables.destroy();
    await server.stop();
  });

  it('writes and reads back every kind of value, leaving undefined ones out', async () => {
    const item = {
      pk: 'T#x#A',
      sk: 'A',
      text: 'Courses à Courbevoie « ok »',
      count: 3,
      ratio: 0.25,
      flag: false,
      nothing: null,
      tags: ['a', 'b'],
      nested: { lat: 48.9, lon: 2.25, deep: { list: [1, { x: 'y' }] } },
      bytes: new Uint8Array([0, 1, 254, 255]),
      skipped: undefined,
    };
    await client.send(new PutCommand({ TableName, Item: item }));
    const { Item } = await client.send(new GetCommand({ TableName, Key: { pk: 'T#x#A', sk: 'A' }, ConsistentRead: true }));
    const { skipped: _skipped, ...stored } = item;
    expect(Item).toEqual(stored);
    expect(Item).not.toHaveProperty('skipped');
  });

  it('answers a missing item with no Item', async () => {
    expect(await client.send(new GetCommand({ TableName, Key: { pk: 'T#x#none', sk: 'A' } }))).not.toHaveProperty('Item');
  });

  it('throws a ConditionalCheckFailedException, by class and by name, when a condition is false', async () => {
    await client.send(new PutCommand({ TableName, Item: { pk: 'T#x#B', sk: 'B' } }));
    const error = await client
      .send(new PutCommand({ TableName, Item: { pk: 'T#x#B', sk: 'B' }, ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
  });

  it('updates with ADD and expressions, and gives the old item back on a delete with ALL_OLD', async () => {
    const Key = { pk: 'T#x#C', sk: 'C' };
    for (let i = 0; i < 3; i++) {
      await client.send(
        new UpdateCommand({
          TableName,
          Key,
          UpdateExpression: 'ADD #count :one SET label = if_not_exists(label, :label)',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':label': 'first' },
        }),
      );
    }
    const { Attributes } = await client.send(
      new DeleteCommand({ TableName, Key, ReturnValues: 'ALL_OLD', ConditionExpression: 'attribute_exists(pk)' }),
    );
    expect(Attributes).toEqual({ ...Key, count: 3, label: 'first' });
    expect((await client.send(new GetCommand({ TableName, Key }))).Item).toBeUndefined();
  });

  it('pages a query with Limit and LastEvaluatedKey, in either order', async () => {
    for (const n of [1, 2, 3, 4, 5]) await client.send(new PutCommand({ TableName, Item: { pk: 'T#x#LIST', sk: `S#${n}`, n } }));
    const seen: number[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': 'T#x#LIST', ':prefix': 'S#' },
          ScanIndexForward: false,
          Limit: 2,
          ExclusiveStartKey,
        }),
      );
      seen.push(...(page.Items ?? []).map((item) => Number(item.n)));
      expect(page.ScannedCount).toBe(page.Items?.length);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('lets a tool hand a store the SDK’s document client instead (bench/geo.ts does)', async () => {
    await client.send(new PutCommand({ TableName, Item: { pk: 'T#x#SDK', sk: 'S', n: 7 } }));
    const viaSdk = docClientOf(DynamoDBDocumentClient.from(tables));
    expect((await viaSdk.send(new GetCommand({ TableName, Key: { pk: 'T#x#SDK', sk: 'S' } }))).Item).toEqual({
      pk: 'T#x#SDK',
      sk: 'S',
      n: 7,
    });
    expect(docClientOf(client)).toBe(client);
  });

  it('names the error of a table that does not exist', async () => {
    await expect(client.send(new GetCommand({ TableName: 'no-such-table', Key: { pk: 'a', sk: 'b' } }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('signing and retries, at the HTTP exchange', () => {
  type Sent = Parameters<HttpExchange>[0];
  const ok = async () => ({ status: 200, headers: {}, body: '{}' });
  const failWith = (status: number, name: string) => async () => ({
    status,
    headers: { 'x-amzn-requestid': 'REQ' },
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${name}`, message: `${name} here` }),
  });
  const networkError = (code: string) => async () => {
    throw Object.assign(new Error(`socket: ${code}`), { code });
  };

  function scripted(answers: (() => ReturnType<HttpExchange>)[], options: { maxAttempts?: number } = {}) {
    const sent: Sent[] = [];
    const sleeps: number[] = [];
    const client = new DynamoHttpClient({
      region: 'eu-west-3',
      credentials: { ...credentials, sessionToken: 'session-token' },
      exchange: async (request) => {
        sent.push(request);
        return (answers.shift() ?? ok)();
      },
      sleep: async (ms) => void sleeps.push(ms),
      retryBaseMs: 50,
      retryCapMs: 120,
      ...options,
    });
    return { client, sent, sleeps };
  }
  const get = new GetCommand({ TableName: 'table', Key: { pk: 'a', sk: 'b' } });

  it('signs for DynamoDB in the region, with the session token, and names the operation', async () => {
    const { client, sent } = scripted([]);
    await client.send(get);
    const [request] = sent;
    expect(request!.url.href).toBe('https://dynamodb.eu-west-3.amazonaws.com/');
    expect(request!.headers).toMatchObject({
      'X-Amz-Target': 'DynamoDB_20120810.GetItem',
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Security-Token': 'session-token',
      Authorization: expect.stringMatching(
        /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-3\/dynamodb\/aws4_request, SignedHeaders=.*x-amz-security-token.*x-amz-target/,
      ),
    });
    expect(JSON.parse(request!.body)).toEqual({ TableName: 'table', Key: { pk: { S: 'a' }, sk: { S: 'b' } } });
  });

  it('takes Lambda’s credentials and region from the environment, read at the first request', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'from-env',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'env-token',
    });
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    delete process.env.AWS_ENDPOINT_URL;
    try {
      const sent: Sent[] = [];
      await new DynamoHttpClient({ exchange: async (request) => (sent.push(request), ok()) }).send(get);
      expect(sent[0]!.url.host).toBe('dynamodb.eu-central-1.amazonaws.com');
      expect(sent[0]!.headers).toMatchObject({
        'X-Amz-Security-Token': 'env-token',
        Authorization: expect.stringContaining('Credential=from-env/'),
      });

      process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:8000';
      await new DynamoHttpClient({ exchange: async (request) => (sent.push(request), ok()) }).send(get);
      expect(sent[1]!.url.host).toBe('127.0.0.1:8000');

      delete process.env.AWS_ACCESS_KEY_ID;
      await expect(new DynamoHttpClient({ exchange: ok }).send(get)).rejects.toThrow(/no credentials/);
    } finally {
      process.env = saved;
    }
  });

  it.each([
    ['throttling', failWith(400, 'ThrottlingException')],
    ['exceeded throughput', failWith(400, 'ProvisionedThroughputExceededException')],
    ['a server fault', failWith(500, 'InternalServerError')],
    ['an unavailable service', failWith(503, 'ServiceUnavailable')],
    ['a connection reset', networkError('ECONNRESET')],
    ['a stalled attempt', networkError('ERR_ATTEMPT_TIMEOUT')],
  ])('retries %s with capped, jittered, growing backoff, then succeeds', async (_what, fault) => {
    const { client, sent, sleeps } = scripted([fault, fault, fault]);
    expect(await client.send(get)).toEqual({});
    expect(sent).toHaveLength(4);
    // Full jitter: each wait is random below min(cap, base × 2ⁿ⁻¹) = 50, 100, 120.
    expect(sleeps).toHaveLength(3);
    [50, 100, 120].forEach((bound, n) => expect(sleeps[n]).toBeLessThanOrEqual(bound));
  });

  it('gives up after the last attempt with DynamoDB’s error name and the attempts made', async () => {
    const { client, sent } = scripted(
      [failWith(503, 'ServiceUnavailable'), failWith(503, 'ServiceUnavailable'), failWith(503, 'ServiceUnavailable')],
      { maxAttempts: 3 },
    );
    const error = await client.send(get).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(DynamoDBError);
    expect(error).toMatchObject({
      name: 'ServiceUnavailable',
      $fault: 'server',
      $metadata: { httpStatusCode: 503, requestId: 'REQ', attempts: 3 },
    });
    expect(sent).toHaveLength(3);
  });

  it.each([
    ['a failed condition', failWith(400, 'ConditionalCheckFailedException')],
    ['a validation error', failWith(400, 'ValidationException')],
    ['denied access', failWith(400, 'AccessDeniedException')],
    ['a lookup of a host that does not exist', networkError('ENOTFOUND')],
  ])('does not retry %s', async (_what, fault) => {
    const { client, sent } = scripted([fault]);
    await expect(client.send(get)).rejects.toBeDefined();
    expect(sent).toHaveLength(1);
  });

  it('names an answer that is not DynamoDB’s JSON by its status', async () => {
    const { client } = scripted([async () => ({ status: 403, headers: {}, body: '<html>Forbidden</html>' })]);
    await expect(client.send(get)).rejects.toMatchObject({ name: 'HttpError403', $fault: 'client' });
  });
});
