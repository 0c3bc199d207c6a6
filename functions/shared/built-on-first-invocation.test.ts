import { lambdaContext } from '../../test/support/lambda.js';
import { builtOnFirstInvocation } from './built-on-first-invocation.js';

const context = lambdaContext('public-api');

describe('a handler built on its first invocation', () => {
  it('builds nothing at import, then once for the container, however many requests arrive at once', async () => {
    let builds = 0;
    const handler = builtOnFirstInvocation(async () => {
      builds += 1;
      return async (event: { n: number }) => event.n * 2;
    });
    expect(builds).toBe(0);
    expect(await Promise.all([handler({ n: 1 }, context), handler({ n: 2 }, context), handler({ n: 3 }, context)])).toEqual([2, 4, 6]);
    expect(await handler({ n: 4 }, context)).toBe(8);
    expect(builds).toBe(1);
  });

  it('fails every invocation with the build’s own error: nothing is served half-configured', async () => {
    let builds = 0;
    const handler = builtOnFirstInvocation<unknown, string>(async () => {
      builds += 1;
      throw new Error('Bad environment: TABLE_NAME: Invalid input');
    });
    await expect(handler({}, context)).rejects.toThrow(/^Bad environment: TABLE_NAME/);
    await expect(handler({}, context)).rejects.toThrow(/^Bad environment: TABLE_NAME/);
    expect(builds).toBe(1);
  });
});
