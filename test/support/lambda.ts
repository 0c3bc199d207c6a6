import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** An HTTP API (payload 2.0) event as API Gateway sends it for a tenant's route. */
export function apiEvent(
  method: string,
  path: string,
  options: {
    /** A string is sent as it is (broken JSON, base64); anything else as JSON. */
    body?: unknown;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    isBase64Encoded?: boolean;
    /** What comes before the route's path; the tenant courbevoie's API by default. */
    prefix?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const rawPath = `${options.prefix ?? '/t/courbevoie/api'}${path}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: new URLSearchParams(options.query).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'entraide.example',
      domainPrefix: 'entraide',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'jest' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '02/Mar/2025:09:00:00 +0000',
      timeEpoch: 1740906000000,
    },
    isBase64Encoded: options.isBase64Encoded ?? false,
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  };
}

/** The context Lambda passes with an invocation of `functionName`. */
export function lambdaContext(functionName: string, awsRequestId = 'aws-request-1'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-3:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The JSON lines the functions' logger writes while `run` runs (stdout; stderr too, should anything write there). */
export async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const capture = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  };
  const writes = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    await run();
  } finally {
    for (const write of writes) write.mockRestore();
  }
  return lines;
}
