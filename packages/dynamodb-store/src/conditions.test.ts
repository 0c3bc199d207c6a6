import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conditionalWrite, isConditionFailure } from './conditions.js';
import { ConditionalCheckFailedException, DynamoDBError } from './doc-client.js';

const metadata = { httpStatusCode: 400, attempts: 1 };

/** What the AWS SDK throws for a false condition: its own class, of the same name. */
class SdkConditionalCheckFailedException extends Error {
  override readonly name = 'ConditionalCheckFailedException';
}

describe('isConditionFailure', () => {
  it('knows a false condition from our client, by class, and from the SDK’s, by name', () => {
    expect(isConditionFailure(new ConditionalCheckFailedException('The conditional request failed', metadata))).toBe(true);
    expect(isConditionFailure(new SdkConditionalCheckFailedException('The conditional request failed'))).toBe(true);
  });

  it.each([
    ['a throttled request', new DynamoDBError('ThrottlingException', 'Rate exceeded', metadata)],
    ['a transaction cancelled', new DynamoDBError('TransactionCanceledException', 'cancelled', metadata)],
    ['any other error', new Error('ConditionalCheckFailedException')],
    ['a string', 'ConditionalCheckFailedException'],
    ['undefined', undefined],
    ['null', null],
  ])('is false for %s', (_what, error) => {
    expect(isConditionFailure(error)).toBe(false);
  });
});

describe('conditionalWrite', () => {
  it('answers true when the write went through', async () => {
    await expect(conditionalWrite(Promise.resolve({}))).resolves.toBe(true);
  });

  it('answers false when the condition was false', async () => {
    await expect(
      conditionalWrite(Promise.reject(new ConditionalCheckFailedException('The conditional request failed', metadata))),
    ).resolves.toBe(false);
    await expect(conditionalWrite(Promise.reject(new SdkConditionalCheckFailedException('failed')))).resolves.toBe(false);
  });

  it('lets any other failure through as it is', async () => {
    const throttled = new DynamoDBError('ThrottlingException', 'Rate exceeded', { httpStatusCode: 400, attempts: 4 });
    await expect(conditionalWrite(Promise.reject(throttled))).rejects.toBe(throttled);
  });
});

describe('the stores', () => {
  it('tell a false condition by isConditionFailure only, never by a copy of it', () => {
    const sources = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const judging = sources.filter((file) => /ConditionalCheckFailedException/.test(readFileSync(join(__dirname, file), 'utf8')));
    // The class, the client that throws it, and the one function that recognises it.
    expect(judging.sort()).toEqual(['conditions.ts', 'doc-client.ts', 'dynamo-http-client.ts']);
  });
});
