import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/** One logger per container; the function's middy chain sets the invocation's context and keys on it. */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });

/**
 * The log context of every function, HTTP or not, as middy middleware: each line of an invocation
 * carries Lambda's context (request id, cold start, function) and the keys `keysOf` takes from the
 * event (the tenant, a route), all cleared when the invocation ends, error or not. Never the event
 * itself, whatever POWERTOOLS_LOGGER_LOG_EVENT says: events hold residents' addresses and messages.
 */
export function logContext<Event>(logger: Logger, keysOf: (event: Event) => Record<string, string>): MiddlewareObj<Event>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true, logEvent: false }) as MiddlewareObj<Event>,
    { before: (request) => void logger.appendKeys(keysOf(request.event)) },
  ];
}

/**
 * A function fed by a queue, a topic, received mail or a schedule, as Lambda invokes it: through
 * middy, with the log context above and the tenant in every line. Callers that are not Lambda (the
 * local runtime, tests) may leave out the context.
 */
export function eventHandler<Event, Result>(
  options: { logger: Logger; tenantId: string },
  handler: (event: Event) => Promise<Result>,
): (event: Event, context?: Context) => Promise<Result> {
  const chain = middy<Event, Result, Error, Context>()
    .use(logContext<Event>(options.logger, () => ({ tenant: options.tenantId })))
    .handler(handler);
  return (event, context) => chain(event, context ?? ({} as Context));
}
