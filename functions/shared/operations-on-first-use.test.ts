import type { ApiRequest, Operation } from './http.js';
import { operationsOnFirstUse } from './operations-on-first-use.js';

const request: ApiRequest = { pathParameters: {}, query: {}, body: undefined, headers: {}, sourceIp: '203.0.113.7' };

describe('operations loaded on first use', () => {
  it('loads no module until one of its operations is asked for, then builds it once from the deps', async () => {
    const loads: string[] = [];
    const module = (name: string, operations: string[]) => async () => {
      loads.push(name);
      return (deps: { greeting: string }) =>
        Object.fromEntries(
          operations.map((operation) => [
            operation,
            (async () => ({ statusCode: 200, body: `${deps.greeting} ${operation}` })) as Operation,
          ]),
        );
    };
    const posts = module('posts', ['getConfig', 'listPosts']);
    const alerts = module('alerts', ['createAlert']);
    const operations = operationsOnFirstUse({ greeting: 'bonjour' }, {
      getConfig: posts,
      listPosts: posts,
      createAlert: alerts,
    } as never) as unknown as Record<string, Operation>;
    expect(loads).toEqual([]);
    expect(await Promise.all([operations.getConfig!(request), operations.listPosts!(request)])).toEqual([
      { statusCode: 200, body: 'bonjour getConfig' },
      { statusCode: 200, body: 'bonjour listPosts' },
    ]);
    expect(loads).toEqual(['posts']);
    expect(await operations.createAlert!(request)).toEqual({ statusCode: 200, body: 'bonjour createAlert' });
    await operations.getConfig!(request);
    expect(loads).toEqual(['posts', 'alerts']);
  });

  it('fails the request whose module did not load, and loads it again for the next one', async () => {
    let attempts = 0;
    const flaky = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('chunk missing');
      return () => ({ getConfig: (async () => ({ statusCode: 200 })) as Operation });
    };
    const operations = operationsOnFirstUse({}, { getConfig: flaky } as never) as unknown as Record<string, Operation>;
    await expect(operations.getConfig!(request)).rejects.toThrow('chunk missing');
    expect(await operations.getConfig!(request)).toEqual({ statusCode: 200 });
    expect(attempts).toBe(2);
  });
});
