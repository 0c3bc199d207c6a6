import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * The functions' structured logger: one JSON line per entry on stdout, with the service, Lambda's
 * context (request id, cold start, function) and the invocation's keys (the tenant, a route), in
 * Powertools' field names, so log queries read as before. Ours rather than Powertools' Logger:
 * importing that cost ~20 ms CPU at every cold start here (bench: docs/performance.md), for
 * sampling, custom formatters and buffering that no function uses. Powertools' Logger has the same
 * shape: a test or tool may still hand one in.
 */
export interface Logger {
  debug(message: string, ...extra: LogExtra[]): void;
  info(message: string, ...extra: LogExtra[]): void;
  warn(message: string, ...extra: LogExtra[]): void;
  error(message: string, ...extra: LogExtra[]): void;
  /** Keys on every line until `resetKeys`: the invocation's. */
  appendKeys(keys: Record<string, unknown>): void;
  resetKeys(): void;
  /** Lambda's context of the invocation: on every line until the next. */
  addContext(context: Context): void;
}

type LogExtra = Record<string, unknown> | Error | string;

const levels = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
export type LogLevel = keyof typeof levels;

const levelOf = (name: string | undefined): LogLevel | undefined => {
  const upper = name?.toUpperCase();
  return upper && upper in levels ? (upper as LogLevel) : undefined;
};

/** The first invocation of the container is its cold start. */
let coldStart = true;

const errorFields = (error: Error) => ({
  name: error.name,
  location: error.stack?.split('\n')[1]?.trim().replace(/^at /, '') ?? '',
  message: error.message,
  stack: error.stack,
});

class JsonLogger implements Logger {
  private readonly threshold: number;
  private keys: Record<string, unknown> = {};
  private context: Record<string, unknown> = {};

  constructor(
    private readonly serviceName: string,
    level: LogLevel | undefined,
  ) {
    // As Powertools reads it: POWERTOOLS_LOG_LEVEL, then Lambda's own log level, then LOG_LEVEL.
    const chosen =
      level ??
      levelOf(process.env.POWERTOOLS_LOG_LEVEL) ??
      levelOf(process.env.AWS_LAMBDA_LOG_LEVEL) ??
      levelOf(process.env.LOG_LEVEL) ??
      'INFO';
    this.threshold = levels[chosen];
  }

  debug(message: string, ...extra: LogExtra[]): void {
    this.write('DEBUG', message, extra);
  }
  info(message: string, ...extra: LogExtra[]): void {
    this.write('INFO', message, extra);
  }
  warn(message: string, ...extra: LogExtra[]): void {
    this.write('WARN', message, extra);
  }
  error(message: string, ...extra: LogExtra[]): void {
    this.write('ERROR', message, extra);
  }

  appendKeys(keys: Record<string, unknown>): void {
    this.keys = { ...this.keys, ...keys };
  }

  resetKeys(): void {
    this.keys = {};
  }

  addContext(context: Context): void {
    this.context = {
      cold_start: coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: Number(context.memoryLimitInMB),
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    coldStart = false;
  }

  private write(level: LogLevel, message: string, extra: LogExtra[]): void {
    if (levels[level] < this.threshold) return;
    const line: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.serviceName,
      ...this.context,
      ...this.keys,
    };
    const trace = process.env._X_AMZN_TRACE_ID;
    if (trace) line.xray_trace_id = trace.split(';')[0]?.replace('Root=', '');
    for (const item of extra) {
      if (item instanceof Error) line.error = errorFields(item);
      else if (typeof item === 'string') line.extra = item;
      else Object.assign(line, item);
    }
    let text: string;
    try {
      text = JSON.stringify(line, (_key, value: unknown) => (value instanceof Error ? errorFields(value) : value));
    } catch {
      text = JSON.stringify({ level, message, timestamp: line.timestamp, service: this.serviceName, unserializable: true });
    }
    process.stdout.write(`${text}\n`);
  }
}

/** One logger per container; the function's middy chain sets the invocation's context and keys on it. */
export const createLogger = (serviceName: string, level?: LogLevel): Logger => new JsonLogger(serviceName, level);

/**
 * The log context of every function, HTTP or not, as middy middleware: each line of an invocation
 * carries Lambda's context (request id, cold start, function) and the keys `keysOf` takes from the
 * event (the tenant, a route), all cleared when the invocation ends, error or not. Never the event
 * itself: events hold residents' addresses and messages.
 */
export function logContext<Event>(logger: Logger, keysOf: (event: Event) => Record<string, string>): MiddlewareObj<Event>[] {
  const forget = () => logger.resetKeys();
  return [
    {
      before: (request) => {
        logger.resetKeys();
        if ((request.context as Partial<Context> | undefined)?.awsRequestId) logger.addContext(request.context as Context);
        logger.appendKeys(keysOf(request.event));
      },
      after: forget,
      onError: forget,
    },
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
