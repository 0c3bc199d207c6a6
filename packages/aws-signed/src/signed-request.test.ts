import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { credentialsFromEnvironment, jsonServiceError, signRequest } from './signed-request.js';

/**
 * AWS's Signature Version 4 test suite (aws-sig-v4-test-suite: example.amazonaws.com, service
 * `service`, us-east-1, 30 Aug 2015 12:36:00 UTC, the suite's example keys) and the S3 guide's
 * presigned GET example: the published signatures, written here. The embedded servers accept any
 * signature, so this is what shows the functions' requests would be accepted by AWS.
 */
const suite = {
  service: 'service',
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  date: '20150830T123600Z',
};
const scope = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const suiteSessionToken =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

const authorization = (method: string, url: string, headers: Record<string, string> = {}, sessionToken?: string) =>
  signRequest(
    { service: suite.service, region: suite.region, method, url: new URL(url), headers: { 'X-Amz-Date': suite.date, ...headers } },
    { ...suite.credentials, ...(sessionToken ? { sessionToken } : {}) },
  ).headers.Authorization;

describe('signRequest against AWS SigV4 test-suite vectors', () => {
  it.each([
    ['get-vanilla', 'GET', 'https://example.amazonaws.com/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    [
      'get-vanilla-query-order-key-case',
      'GET',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
    ['post-vanilla', 'POST', 'https://example.amazonaws.com/', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ])('%s', (_name, method, url, signature) => {
    expect(authorization(method, url)).toBe(`AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`);
  });

  it('get-header-value-trim: header values trimmed and inner spaces kept as the suite says', () => {
    expect(authorization('GET', 'https://example.amazonaws.com/', { 'My-Header1': ' value1', 'My-Header2': '"a   b   c"' })).toBe(
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;my-header1;my-header2;x-amz-date, ` +
        'Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
    );
  });

  it('post-sts-header-before: Lambda’s session token is signed as x-amz-security-token', () => {
    expect(authorization('POST', 'https://example.amazonaws.com/', {}, suiteSessionToken)).toBe(
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date;x-amz-security-token, ` +
        'Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
    );
  });

  it('a wrong secret gives another signature', () => {
    const signed = signRequest(
      {
        service: 'service',
        region: 'us-east-1',
        method: 'GET',
        url: new URL('https://example.amazonaws.com/'),
        headers: { 'X-Amz-Date': suite.date },
      },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-the-secret' },
    );
    expect(signed.headers.Authorization).not.toContain('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('a presigned S3 GET: the query-string authentication of the S3 guide, recomputed here step by step', () => {
    // Dummy credentials (the SigV4 suite's key id): the signature is derived below from the
    // canonical request, as the S3 guide's query-string example lays it out.
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy-secret-for-tests' };
    const signed = signRequest(
      {
        service: 's3',
        region: 'us-east-1',
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400'),
        signQuery: true,
      },
      credentials,
    );
    const query = new URL(`https://examplebucket.s3.amazonaws.com${signed.path}`).searchParams;
    expect(query.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(query.get('X-Amz-SignedHeaders')).toBe('host');
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const canonicalQuery = [
      'X-Amz-Algorithm=AWS4-HMAC-SHA256',
      `X-Amz-Credential=${encodeURIComponent('AKIDEXAMPLE/20130524/us-east-1/s3/aws4_request')}`,
      'X-Amz-Date=20130524T000000Z',
      'X-Amz-Expires=86400',
      'X-Amz-SignedHeaders=host',
    ].join('&');
    const canonicalRequest = [
      'GET',
      '/test.txt',
      canonicalQuery,
      'host:examplebucket.s3.amazonaws.com',
      '',
      'host',
      'UNSIGNED-PAYLOAD',
    ].join('\n');
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      '20130524T000000Z',
      '20130524/us-east-1/s3/aws4_request',
      createHash('sha256').update(canonicalRequest).digest('hex'),
    ].join('\n');
    let key = hmac(`AWS4${credentials.secretAccessKey}`, '20130524');
    for (const part of ['us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
    expect(query.get('X-Amz-Signature')).toBe(createHmac('sha256', key).update(stringToSign).digest('hex'));
  });
});

describe('credentials and errors', () => {
  it('takes Lambda’s credentials from the environment, and names the service when there are none', () => {
    const saved = { ...process.env };
    try {
      process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
      process.env.AWS_SECRET_ACCESS_KEY = 'secret';
      process.env.AWS_SESSION_TOKEN = 'token';
      expect(credentialsFromEnvironment('SES')).toEqual({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
      delete process.env.AWS_SECRET_ACCESS_KEY;
      expect(() => credentialsFromEnvironment('SES')).toThrow('SES: no credentials');
    } finally {
      process.env = saved;
    }
  });

  it('names an error as the SDK does, from x-amzn-ErrorType or the body, with its status and fault', () => {
    const answer = (status: number, headers: Record<string, string>) =>
      Object.assign(new http.IncomingMessage(null as never), { statusCode: status, headers });
    const throttled = jsonServiceError(
      'SES',
      answer(429, { 'x-amzn-errortype': 'TooManyRequestsException:http://internal' }),
      '{"message":"slow down"}',
    );
    expect([throttled.name, throttled.$metadata.httpStatusCode, throttled.$fault, throttled.message]).toEqual([
      'TooManyRequestsException',
      429,
      'client',
      'SES: slow down',
    ]);
    const queue = jsonServiceError('SQS', answer(400, {}), '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no queue"}');
    expect(queue.name).toBe('QueueDoesNotExist');
    expect(jsonServiceError('SES', answer(503, {}), '<html>').name).toBe('InternalServerError');
  });
});
