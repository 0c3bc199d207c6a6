import { lambdaContext, logLines as linesOf } from '../../test/support/lambda.js';
import { createLogger, eventHandler } from './logger.js';

const infoLogger = () => createLogger('mail-sender', 'INFO');

describe('a function fed by events, through middy', () => {
  it('logs Lambda’s request id, cold start and function, and its tenant, on every line of the invocation', async () => {
    const logger = infoLogger();
    const handler = eventHandler({ logger, tenantId: 'courbevoie' }, async (event: { n: number }) => {
      logger.info('handled', { n: event.n });
      return event.n * 2;
    });
    let result: number | undefined;
    const lines = await linesOf(async () => {
      result = await handler({ n: 21 }, lambdaContext('entraide-courbevoie-mail-sender', 'request-42'));
    });
    expect(result).toBe(42);
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'handled',
        n: 21,
        tenant: 'courbevoie',
        function_request_id: 'request-42',
        function_name: 'entraide-courbevoie-mail-sender',
        cold_start: expect.any(Boolean),
      }),
    ]);
  });

  it('forgets the invocation’s keys when it ends, in error or not, and rethrows the error', async () => {
    const logger = infoLogger();
    const handler = eventHandler({ logger, tenantId: 'courbevoie' }, async (event: { fail: boolean }) => {
      logger.appendKeys({ job: 'digest' });
      if (event.fail) throw new Error('DynamoDB is down');
    });
    await expect(handler({ fail: true }, lambdaContext('scheduled-jobs'))).rejects.toThrow('DynamoDB is down');
    const after = await linesOf(async () => logger.warn('between invocations'));
    expect(after).toEqual([expect.objectContaining({ message: 'between invocations' })]);
    expect(after[0]).not.toHaveProperty('job');
    expect(after[0]).not.toHaveProperty('tenant');
    await handler({ fail: false }, lambdaContext('scheduled-jobs'));
    const later = await linesOf(async () => logger.warn('after'));
    expect(later).toEqual([expect.objectContaining({ message: 'after' })]);
    expect(later[0]).not.toHaveProperty('job');
  });

  it('runs without a Lambda context, as the local runtime calls it', async () => {
    const logger = infoLogger();
    const handler = eventHandler({ logger, tenantId: 'paris' }, async () => void logger.info('local'));
    const lines = await linesOf(() => handler({}));
    expect(lines).toEqual([expect.objectContaining({ message: 'local', tenant: 'paris' })]);
  });

  it('never logs the event, even when POWERTOOLS_LOGGER_LOG_EVENT (Powertools’ switch) asks for it: events hold addresses and messages', async () => {
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
    try {
      const logger = infoLogger();
      const handler = eventHandler({ logger, tenantId: 'courbevoie' }, async () => undefined);
      const lines = await linesOf(() => handler({ Records: [{ body: 'camille@example.org' }] }, lambdaContext('mail-sender')));
      expect(JSON.stringify(lines)).not.toContain('camille@example.org');
    } finally {
      delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
    }
  });

  it('writes an error’s name and message, and drops lines below its level', async () => {
    const logger = infoLogger();
    const lines = await linesOf(async () => {
      logger.debug('not at INFO');
      logger.error('send failed', new TypeError('SES answered 500'));
    });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'send failed',
        service: 'mail-sender',
        error: expect.objectContaining({ name: 'TypeError', message: 'SES answered 500' }),
      }),
    ]);
  });
});
