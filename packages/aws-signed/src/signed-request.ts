import http from 'node:http';
import https from 'node:https';
import aws4 from 'aws4';

/**
 * The one way the functions call AWS: a request signed with aws4 (Signature Version 4) and sent
 * with node:http(s) over keep-alive connections. DynamoDB, SES v2, S3 and SQS go through it, so no
 * function loads an AWS SDK client at run time: the SDK's clients were most of each function's
 * cold start (docs/performance.md). The signing is checked against AWS's SigV4 test suite
 * (signed-request.test.ts), since the embedded servers accept any signature.
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Lambda's credentials, from its environment; read on each request (they are rotated). `service` names the caller in the error. */
export function credentialsFromEnvironment(service: string): AwsCredentials {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey)
    throw new Error(`${service}: no credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set)`);
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** The region: the caller's, else `AWS_REGION`, then `AWS_DEFAULT_REGION` (as the SDK reads them). */
export function regionFromEnvironment(service: string, region?: string): string {
  const found = region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!found) throw new Error(`${service}: no region (AWS_REGION is not set)`);
  return found;
}

/**
 * A service's endpoint as the SDK finds it: the caller's, else `AWS_ENDPOINT_URL_<SERVICE>`, then
 * `AWS_ENDPOINT_URL` (the local runtime and the benchmarks point these at the embedded servers),
 * then AWS's own.
 */
export function endpointFromEnvironment(variableSuffix: string, awsDefault: string, endpoint?: string): URL {
  return new URL(endpoint ?? process.env[`AWS_ENDPOINT_URL_${variableSuffix}`] ?? process.env.AWS_ENDPOINT_URL ?? awsDefault);
}

export interface SignableRequest {
  /** The signing name: `dynamodb`, `ses`, `s3`, `sqs`. */
  service: string;
  region: string;
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Presign: the signature in the query (`X-Amz-*` parameters), not in headers. */
  signQuery?: boolean;
}

/**
 * The request's headers (and path, for a presigned one) once signed. aws4 takes the date from an
 * `X-Amz-Date` header when there is one, else the clock: tests pin it that way.
 */
export function signRequest(request: SignableRequest, credentials: AwsCredentials): { path: string; headers: Record<string, string> } {
  const { url } = request;
  const signed = aws4.sign(
    {
      service: request.service,
      region: request.region,
      method: request.method,
      host: url.host,
      path: `${url.pathname}${url.search}`,
      headers: { ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.signQuery ? { signQuery: true } : {}),
    },
    credentials,
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) headers[name] = String(value);
  return { path: signed.path ?? '/', headers };
}

const agents = {
  'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
  'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
};

/**
 * Sends a signed request; answers the response as it comes (a stream: S3 reads stop at a size).
 * A call that gets no answer within `timeoutMs` fails with `ERR_ATTEMPT_TIMEOUT`.
 */
export function sendSigned(request: SignableRequest & { credentials: AwsCredentials; timeoutMs?: number }): Promise<http.IncomingMessage> {
  const { path, headers } = signRequest(request, request.credentials);
  const secure = request.url.protocol === 'https:';
  const timeoutMs = request.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const outgoing = (secure ? https : http).request(
      {
        hostname: request.url.hostname,
        port: request.url.port || undefined,
        path,
        method: request.method,
        headers,
        agent: secure ? agents['https:'] : agents['http:'],
      },
      resolve,
    );
    outgoing.setTimeout(timeoutMs, () =>
      outgoing.destroy(
        Object.assign(new Error(`${request.service} did not answer within ${timeoutMs} ms`), { code: 'ERR_ATTEMPT_TIMEOUT' }),
      ),
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Where and as whom a JSON call goes: each left out is found as the SDK finds it (see the helpers above). */
export interface ServiceCallOptions {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentials;
}

/**
 * A JSON `POST` to one of AWS's REST APIs (Lambda's Invoke, SES v2's SendEmail), signed and sent:
 * the region, the endpoint (`AWS_ENDPOINT_URL_<endpointVariable>`, else `https://<host(region)>`)
 * and the credentials as the caller gives them, else from the environment. Answers the status and
 * the whole body; `name` names the service in errors.
 */
export async function postJson(
  call: ServiceCallOptions & {
    name: string;
    service: string;
    endpointVariable: string;
    host: (region: string) => string;
    path: string;
    headers?: Record<string, string>;
    payload: unknown;
  },
): Promise<{ response: http.IncomingMessage; body: string }> {
  const region = regionFromEnvironment(call.name, call.region);
  const base = endpointFromEnvironment(call.endpointVariable, `https://${call.host(region)}`, call.endpoint);
  const response = await sendSigned({
    service: call.service,
    region,
    method: 'POST',
    url: new URL(call.path, base),
    headers: { 'Content-Type': 'application/json', ...call.headers },
    body: JSON.stringify(call.payload),
    credentials: call.credentials ?? credentialsFromEnvironment(call.name),
  });
  return { response, body: await bodyText(response) };
}

/** The whole body of an answer, as text. */
export async function bodyText(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An error AWS answered, named as the SDK names it (`TooManyRequestsException`, `NoSuchKey` …),
 * with the SDK's `$metadata.httpStatusCode` and `$fault`, so callers that tell transient failures
 * from the others read it as they read the SDK's.
 */
export class AwsServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  constructor(service: string, name: string, message: string, metadata: { httpStatusCode: number; requestId?: string }) {
    super(`${service}: ${message}`);
    this.name = name;
    this.$fault = metadata.httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = metadata;
  }
}

/**
 * The error of a JSON or REST-JSON answer: the name from `x-amzn-ErrorType` or the body's
 * `__type`/`code` (`Name:…` or `ns#Name` trimmed), the message from the body.
 */
export function jsonServiceError(service: string, response: http.IncomingMessage, body: string): AwsServiceError {
  let parsed: { __type?: string; code?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Not JSON (a proxy's page): named by the status alone.
  }
  const status = response.statusCode ?? 0;
  const header = response.headers['x-amzn-errortype'];
  const raw = (typeof header === 'string' ? header : undefined) ?? parsed.__type ?? parsed.code ?? '';
  const name = raw.split(':')[0]!.split('#').pop() || (status >= 500 ? 'InternalServerError' : `HttpError${status}`);
  const requestId = response.headers['x-amzn-requestid'];
  return new AwsServiceError(service, name, parsed.message ?? parsed.Message ?? `HTTP ${status}`, {
    httpStatusCode: status,
    ...(typeof requestId === 'string' ? { requestId } : {}),
  });
}
