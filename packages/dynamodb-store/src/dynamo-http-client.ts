import http from 'node:http';
import https from 'node:https';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { credentialsFromEnvironment, regionFromEnvironment, signRequest, type AwsCredentials } from '@entraide/aws-signed';
import { ConditionalCheckFailedException, DynamoDBError, type DocClient, type DocCommand, type Item } from './doc-client.js';

/**
 * The stores' DynamoDB client: DynamoDB's JSON protocol POSTed over a keep-alive connection,
 * signed with `aws4`, items converted by `@aws-sdk/util-dynamodb`'s marshall/unmarshall.
 *
 * Why not the AWS SDK's client: loading it was ~65 of the ~90 ms CPU of the reference handler's
 * cold start (docs/performance.md), and every function paid it. Measured side by side here, a
 * handler that imports a client and sends a put and a get: the SDK's document client 336 KB,
 * import 76 ms CPU, import + first answer 123 ms CPU; `@aws-lite/client` + `@aws-lite/dynamodb`
 * 116 KB, 25 ms, 58 ms; this (aws4 + util-dynamodb) 15 KB, 15 ms, 36 ms. aws4 (the signer
 * aws-lite itself uses) and util-dynamodb (the SDK's own marshalling, no dependency but tslib)
 * are small and widely used; what is ours is the protocol below: five operations, errors by
 * name, retries. Signed by the platform's one aws4 path (`@entraide/aws-signed`), as SES, S3 and SQS are.
 */

export type DynamoCredentials = AwsCredentials;

/** One HTTP exchange; the default is node:https (or node:http for a local endpoint). Tests inject faults here. */
export type HttpExchange = (request: {
  url: URL;
  headers: Record<string, string | number>;
  body: string;
}) => Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;

export interface DynamoHttpClientOptions {
  /** Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
  region?: string;
  /** Default: `AWS_ENDPOINT_URL_DYNAMODB`, then `AWS_ENDPOINT_URL` (as the SDK reads them), then DynamoDB's regional endpoint. */
  endpoint?: string;
  /** Default: Lambda's, from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), read on each request. */
  credentials?: DynamoCredentials;
  /** Attempts per request, the first included (4: three retries). */
  maxAttempts?: number;
  /** Backoff before retry n: a random delay up to min(cap, base × 2ⁿ⁻¹) ("full jitter"). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** One attempt gives up after this long (a stalled connection), and is retried. */
  attemptTimeoutMs?: number;
  exchange?: HttpExchange;
  sleep?: (ms: number) => Promise<void>;
}

/** Throttling answers, retried like a server fault (DynamoDB's and the AWS-wide names). */
const throttlingNames = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
]);
/** Network failures worth another attempt: a keep-alive socket closed by the other end, a stalled or refused connection. */
const transientNetworkCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_ATTEMPT_TIMEOUT',
]);

const marshallOptions = { removeUndefinedValues: true } as const;
const marshallItem = (item: Item) => marshall(item, marshallOptions);

/** The document command's input as DynamoDB's JSON: items and values marshalled. */
function requestBody(input: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...input };
  for (const field of ['Key', 'Item', 'ExclusiveStartKey', 'ExpressionAttributeValues'] as const) {
    const value = input[field] as Item | undefined;
    if (value === undefined) delete body[field];
    else body[field] = marshallItem(value);
  }
  return body;
}

/** DynamoDB's answer as the document commands give it: items unmarshalled. */
function responseOutput(answer: Record<string, unknown>): Record<string, unknown> {
  const output: Record<string, unknown> = { ...answer };
  for (const field of ['Item', 'Attributes', 'LastEvaluatedKey'] as const) {
    if (answer[field]) output[field] = unmarshall(answer[field] as never);
  }
  if (Array.isArray(answer.Items)) output.Items = answer.Items.map((item) => unmarshall(item as never));
  return output;
}

// Binary attributes travel as base64 in the JSON protocol; marshall and unmarshall use bytes.
function encodeBinary(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : value;
}
const decodeBinary = (key: string, value: unknown): unknown =>
  key === 'B' && typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : value;

/** node:https (node:http for a local endpoint) over one keep-alive agent per client. */
function nodeExchange(attemptTimeoutMs: number): { exchange: HttpExchange; destroy: () => void } {
  const agents = {
    'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
    'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
  };
  const exchange: HttpExchange = ({ url, headers, body }) =>
    new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(
        {
          hostname: url.hostname,
          port: url.port || undefined,
          path: '/',
          method: 'POST',
          headers,
          agent: secure ? agents['https:'] : agents['http:'],
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      request.setTimeout(attemptTimeoutMs, () =>
        request.destroy(Object.assign(new Error(`DynamoDB did not answer within ${attemptTimeoutMs} ms`), { code: 'ERR_ATTEMPT_TIMEOUT' })),
      );
      request.on('error', reject);
      request.end(body);
    });
  return { exchange, destroy: () => Object.values(agents).forEach((agent) => agent.destroy()) };
}

/** DynamoDB's error answer (`{"__type": "com.amazonaws.dynamodb.v20120810#Name", "message": "…"}`) as an error with that name. */
function answeredError(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  attempts: number,
): DynamoDBError {
  let parsed: { __type?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Not JSON (a proxy's page): named by the status alone.
  }
  const name = parsed.__type?.split('#').pop() || (status >= 500 ? 'InternalServerError' : `HttpError${status}`);
  const message = parsed.message ?? parsed.Message ?? `DynamoDB answered HTTP ${status}`;
  const requestId = headers['x-amzn-requestid'];
  const metadata = { httpStatusCode: status, ...(typeof requestId === 'string' ? { requestId } : {}), attempts };
  return name === 'ConditionalCheckFailedException'
    ? new ConditionalCheckFailedException(message, metadata)
    : new DynamoDBError(name, message, metadata);
}

const isRetryable = (error: unknown): boolean => {
  if (error instanceof DynamoDBError)
    return error.$fault === 'server' || error.$metadata.httpStatusCode === 429 || throttlingNames.has(error.name);
  return transientNetworkCodes.has(String((error as { code?: unknown })?.code));
};

export class DynamoHttpClient implements DocClient {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;
  private readonly exchange: HttpExchange;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly destroyAgents: () => void;
  private target?: { region: string; url: URL };

  constructor(private readonly options: DynamoHttpClientOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.retryBaseMs = options.retryBaseMs ?? 50;
    this.retryCapMs = options.retryCapMs ?? 1000;
    const node = options.exchange ? undefined : nodeExchange(options.attemptTimeoutMs ?? 5000);
    this.exchange = options.exchange ?? node!.exchange;
    this.destroyAgents = node?.destroy ?? (() => undefined);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Where requests go, settled on the first one (nothing is read at construction). */
  private resolveTarget(): { region: string; url: URL } {
    if (this.target) return this.target;
    const region = regionFromEnvironment('DynamoDB', this.options.region);
    const endpoint =
      this.options.endpoint ??
      process.env.AWS_ENDPOINT_URL_DYNAMODB ??
      process.env.AWS_ENDPOINT_URL ??
      `https://dynamodb.${region}.amazonaws.com`;
    this.target = { region, url: new URL(endpoint) };
    return this.target;
  }

  async send<Output>(command: DocCommand<unknown, Output>): Promise<Output> {
    const { region, url } = this.resolveTarget();
    const body = JSON.stringify(requestBody(command.input as Record<string, unknown>), encodeBinary);
    for (let attempt = 1; ; attempt++) {
      try {
        // Signed again for each attempt: the signature carries the time.
        const signed = signRequest(
          {
            service: 'dynamodb',
            region,
            method: 'POST',
            url,
            body,
            headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `DynamoDB_20120810.${command.operation}` },
          },
          this.options.credentials ?? credentialsFromEnvironment('DynamoDB'),
        );
        const answer = await this.exchange({ url, headers: signed.headers, body });
        if (answer.status === 200) return responseOutput(JSON.parse(answer.body, decodeBinary) as Record<string, unknown>) as Output;
        throw answeredError(answer.status, answer.headers, answer.body, attempt);
      } catch (error) {
        if (attempt >= this.maxAttempts || !isRetryable(error)) throw error;
        await this.sleep(Math.random() * Math.min(this.retryCapMs, this.retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** Closes the idle keep-alive connections (a local runtime stopping). */
  destroy(): void {
    this.destroyAgents();
  }
}
